// The rule form's preview: the POST /api/rules/preview body for the last 24 hours (7 days for a window
// of hours), and an answer's alerts as a row of time slots (firing, pending or nothing) for a text and
// CSS timeline. Pure but for runPreview's call, tested under node.
import { ruleBody } from './rules-form.js';

export const PREVIEW_HOURS = 24;
/** A window over 60 minutes is made of hourly rows (kept 400 days): its preview covers a week. */
export const LONG_PREVIEW_HOURS = 7 * 24;
export const SLOTS = 48; // half an hour each over 24 h
/** Slot widths, in minutes, finest first: a range gets the finest that gives at most MAX_SLOTS slots. */
const SLOT_MINUTES = [30, 60, 180, 360, 720, 1440];
const MAX_SLOTS = 60;

const DURATION = /^(\d{1,9})([smhd])$/;
const MINUTES = { s: 1 / 60, m: 1, h: 60, d: 1440 };

/** A rule duration as written (30s, 5m, 24h, 7d) in minutes; NaN if it is none. */
function minutes(text) {
  const m = DURATION.exec((text ?? '').trim());
  return m ? Number(m[1]) * MINUTES[m[2]] : NaN;
}

/**
 * The hours the form's preview covers: 7 days for a window over 60 minutes (whole hours, read from the
 * hourly rows), else 24 h (minute rows, kept 48 h; see runPreview for offsets that reach further back).
 */
export function previewHours(values) {
  return minutes(values?.window || '5m') > 60 ? LONG_PREVIEW_HOURS : PREVIEW_HOURS;
}

/** The preview button's label for the form's values: "Preview (last 24 h)" or "Preview (last 7 days)". */
export function previewLabel(values) {
  const hours = previewHours(values);
  return `Preview (last ${hours % 24 === 0 && hours > 24 ? `${hours / 24} days` : `${hours} h`})`;
}

/** The preview request for the form's values: the rule as it would be saved, over the last `hours`. */
export function previewRequest(values, now = Date.now(), hours = previewHours(values)) {
  return {
    rule: ruleBody(values),
    from: new Date(now - hours * 3_600_000).toISOString(),
    to: new Date(now).toISOString(),
  };
}

/**
 * Posts the form's preview with `call` (the api function). When the server answers that `from` is
 * before the oldest allowed (an `offset` compares with an earlier window whose rows are no longer
 * kept), it asks once more from that instant (a minute later, as the oldest moves on with the clock),
 * so the preview covers what can be replayed; the answer's from says how far that is.
 */
export async function runPreview(call, values, now = Date.now()) {
  const body = previewRequest(values, now);
  try {
    return await call('/api/rules/preview', { method: 'POST', body });
  } catch (err) {
    const oldest = Date.parse(err?.problem?.oldest_from);
    if (Number.isNaN(oldest) || err.problem.errors) throw err;
    const from = Math.ceil(oldest / 60_000) * 60_000 + 60_000;
    if (from >= Date.parse(body.to)) throw err;
    return call('/api/rules/preview', { method: 'POST', body: { ...body, from: new Date(from).toISOString() } });
  }
}

/** How many slots a range from `from` to `to` is shown in: half hours over 24 h, 3 hours over 7 days. */
export function slotCount(from, to) {
  const range = (Date.parse(to) - Date.parse(from)) / 60_000;
  if (!(range > 0)) return SLOTS;
  const width = SLOT_MINUTES.find((w) => Math.ceil(range / w) <= MAX_SLOTS) ?? SLOT_MINUTES.at(-1);
  return Math.max(1, Math.ceil(range / width));
}

/**
 * The state of each of `count` equal slots from `from` to `to`: 'firing' if an alert fired during it,
 * else 'pending' if one was pending, else ''. An alert without `resolved_at` lasts to `to`.
 */
export function slots(alerts, from, to, count = slotCount(from, to)) {
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
