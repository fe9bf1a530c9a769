// The rule form's data: between form values and the AlertRule JSON of design.md, and the server's
// validation problems per field. Pure, tested under node.

export const FIELDS = ['name', 'stream', 'expr', 'window', 'for', 'keep_firing_for', 'resolve', 'severity', 'description', 'labels', 'webhook', 'receiver'];
/** A rule notifies a plain webhook URL or a named receiver, never both: `notify` says which the form sends. */
export const NOTIFY = ['webhook', 'receiver'];

/** "team=payments, env=prod" -> {team: "payments", env: "prod"}; a part without "=" is a problem. */
export function parseLabels(text) {
  const labels = {};
  const problems = [];
  for (const part of (text || '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) problems.push(`"${part}" is not key=value`);
    else labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { labels, problems };
}

export function formatLabels(labels) {
  return Object.entries(labels || {}).map(([k, v]) => `${k}=${v}`).join(', ');
}

/**
 * The request body from the form's values (strings, `enabled` a boolean, `notify` 'webhook' or 'receiver');
 * empty optional fields are left out, and of webhook and receiver only the one `notify` chose is sent.
 */
export function ruleBody(values, version) {
  const body = {};
  const notify = values.notify === 'receiver' ? 'receiver' : 'webhook';
  for (const f of FIELDS) {
    if (f === 'labels' || (NOTIFY.includes(f) && f !== notify)) continue;
    const v = (values[f] ?? '').trim();
    if (v) body[f] = v;
  }
  const { labels } = parseLabels(values.labels);
  if (Object.keys(labels).length) body.labels = labels;
  body.enabled = values.enabled !== false;
  if (version !== undefined && version !== null) body.version = version;
  return body;
}

/** The form's values from a rule as read. */
export function formValues(rule) {
  const values = {};
  for (const f of FIELDS) values[f] = f === 'labels' ? formatLabels(rule.labels) : rule[f] ?? '';
  values.enabled = rule.enabled !== false;
  values.notify = rule.receiver ? 'receiver' : 'webhook';
  return values;
}

/**
 * The problems of a problem+json answer by form field: {byField: {expr: "expected ')' at 15, …"}, other: [..]}.
 * A problem without a field, or for a field the form does not have, goes to `other`.
 */
export function fieldErrors(problem) {
  const byField = {};
  const other = [];
  for (const e of problem?.errors || []) {
    const text = e.position !== undefined && e.position !== null && !String(e.message).includes(` at ${e.position}`)
      ? `${e.message} (at ${e.position})` : e.message;
    if (e.field && FIELDS.includes(e.field)) byField[e.field] = byField[e.field] ? `${byField[e.field]}; ${text}` : text;
    else other.push(e.field ? `${e.field}: ${text}` : text);
  }
  if (!problem?.errors?.length && problem?.detail) other.push(problem.detail);
  return { byField, other };
}
