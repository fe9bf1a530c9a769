// The rule form's preview: the POST /api/rules/preview body for the last 24 hours, and an answer's alerts
// as a row of time slots (firing, pending or nothing) for a text and CSS timeline. Pure, tested under node.
import { ruleBody } from './rules-form.js';

export const PREVIEW_HOURS = 24;
export const SLOTS = 48; // half an hour each over 24 h

/** The preview request for the form's values: the rule as it would be saved, over the last `hours`. */
export function previewRequest(values, now = Date.now(), hours = PREVIEW_HOURS) {
  return {
    rule: ruleBody(values),
    from: new Date(now - hours * 3_600_000).toISOString(),
    to: new Date(now).toISOString(),
  };
}

/**
 * The state of each of `count` equal slots from `from` to `to`: 'firing' if an alert fired during it,
 * else 'pending' if one was pending, else ''. An alert without `resolved_at` lasts to `to`.
 */
export function slots(alerts, from, to, count = SLOTS) {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const width = (end - start) / count;
  const out = new Array(count).fill('');
  const slot = (t) => Math.min(count - 1, Math.max(0, Math.floor((t - start) / width)));
  const mark = (a, b, state) => {
    if (!(b >= a) || width <= 0) return;
    // An alert that begins at `to` itself (the last instant evaluated) still shows, in the last slot.
    const first = slot(a);
    const last = slot(Math.min(b, end - 1));
    for (let i = first; i <= last; i++) if (out[i] !== 'firing') out[i] = state;
  };
  for (const alert of alerts || []) {
    const pending = Date.parse(alert.pending_at);
    const firing = alert.firing_at ? Date.parse(alert.firing_at) : null;
    const over = alert.resolved_at ? Date.parse(alert.resolved_at) : end;
    mark(pending, firing ?? over, 'pending');
    if (firing !== null) mark(firing, over, 'firing');
  }
  return out;
}

/** One line of numbers for a stream: "fired 2 times, 14 min firing" (or "never fired"). */
export function summary(stream) {
  const fired = (stream.alerts || []).filter((a) => a.firing_at).length;
  if (!fired) return 'never fired';
  return `fired ${fired} ${fired === 1 ? 'time' : 'times'}, ${stream.firing_minutes} min firing`;
}

/** The preview's problems with the `rule.` prefix taken off, so the form shows them at their fields. */
export function asRuleProblem(problem) {
  if (!problem?.errors) return problem;
  return { ...problem, errors: problem.errors.map((e) => ({ ...e, field: e.field?.startsWith('rule.') ? e.field.slice(5) : e.field })) };
}
