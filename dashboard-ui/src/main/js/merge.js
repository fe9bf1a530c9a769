// Joining hourly rows from REST with the live hours from the WebSocket. Pure, tested under node.

/** Whether metrics `a` is a later state of its (stream, hour) than `b`. */
export function newer(a, b) {
  return (a.revision ?? 0) > (b.revision ?? 0);
}

/**
 * The history rows with the live hours laid over them: a live hour replaces the row of the same hour
 * when it is newer, or is added when it is not before `from`; the result is sorted by hour.
 */
export function joinHistory(rows, liveHours, from) {
  const byHour = new Map(rows.map((r) => [r.hour, r]));
  for (const live of liveHours) {
    const t = Date.parse(live.hour);
    if (from && t < Date.parse(from)) continue;
    const old = byHour.get(live.hour);
    if (!old || newer(live, old)) byHour.set(live.hour, live);
  }
  return [...byHour.values()].sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0));
}

/** Every value name that appears in the rows, sorted. */
export function valueNames(rows) {
  const names = new Set();
  for (const r of rows) Object.keys(r.values || {}).forEach((n) => names.add(n));
  return [...names].sort();
}

/** Every error type that appears in the rows, sorted. */
export function errorTypes(rows) {
  const types = new Set();
  for (const r of rows) Object.keys(r.errors_by_type || {}).forEach((t) => types.add(t));
  return [...types].sort();
}
