// Silences from the dashboard: the body of "silence for 1 h" for an alert, and how a silence reads in a table.

/** The POST /api/silences body that silences this alert's rule on its stream for `hours` from `now`. */
export function silenceFor(alert, by, hours, now = Date.now()) {
  return {
    matchers: { rule_id: alert.rule_id, stream: alert.stream },
    ends_at: new Date(now + hours * 3_600_000).toISOString(),
    created_by: by || 'dashboard',
    comment: `silenced from the dashboard for ${hours} h: ${alert.rule_name} on ${alert.stream}`,
  };
}

/** The matchers as one line: `rule=… stream=… severity=… team=payments`. */
export function matchersText(m) {
  const parts = [];
  if (m.rule_id) parts.push(`rule=${m.rule_id}`);
  if (m.stream) parts.push(`stream=${m.stream}`);
  if (m.severity) parts.push(`severity=${m.severity}`);
  for (const [k, v] of Object.entries(m.labels || {})) parts.push(`${k}=${v}`);
  return parts.join(' ');
}

/** Whether a silence can still be ended (pending or active). */
export function endable(s) {
  return s.state === 'pending' || s.state === 'active';
}
