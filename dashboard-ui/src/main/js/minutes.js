// Minute resolution (design.md, MinuteMetrics and WebSocket protocol): the minutes of the last hour as the
// WebSocket delivers them, periods without events filled with zeros, and the rolling figures of a card.
// Pure, tested under node.

export const MINUTE_MS = 60_000;
/** The minutes the gateway keeps and a card shows: the current one and the 59 before it. */
export const WINDOW_MINUTES = 60;

/** The start of the period of `stepMs` holding the time `ms` (UTC; periods are aligned to the epoch). */
export function periodStart(ms, stepMs = MINUTE_MS) {
  return Math.floor(ms / stepMs) * stepMs;
}

/**
 * Takes the state of a (stream, minute) into `byMinute` (Map: minute start as sent -> {data, epoch}) unless it
 * already holds a higher revision of that minute. A state of the same revision is taken: the snapshot after a
 * reconnect repeats it, and so confirms it as current. Returns whether the state was taken.
 */
export function takeMinute(byMinute, data, epoch) {
  const old = byMinute.get(data.hour);
  if (old && (old.data.revision ?? 0) > (data.revision ?? 0)) return false;
  byMinute.set(data.hour, { data, epoch });
  return true;
}

/** Removes the minutes that started before `cutoffMs`. */
export function dropBefore(byMinute, cutoffMs) {
  for (const key of byMinute.keys()) {
    if (!(Date.parse(key) >= cutoffMs)) byMinute.delete(key);
  }
}

/**
 * `n` consecutive periods of `stepMs` from `fromMs`: each the row of that period (rows are keyed by `hour`, the
 * start of their period), or an empty period ({hour, count: 0, errors: 0}) where there is none: a period
 * without a row had no events.
 */
export function dense(rows, fromMs, stepMs, n) {
  const byStart = new Map();
  for (const r of rows) byStart.set(Date.parse(r.hour), r);
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = fromMs + i * stepMs;
    out.push(byStart.get(t) || { hour: new Date(t).toISOString(), count: 0, errors: 0, empty: true });
  }
  return out;
}

/** The last `n` periods of `stepMs` up to the one holding `nowMs`, as {fromMs, stepMs, n}. */
export function lastPeriods(nowMs, stepMs, n) {
  return { fromMs: periodStart(nowMs, stepMs) - (n - 1) * stepMs, stepMs, n };
}

/**
 * Events per second and error rate over the last `minutes` minutes at `nowMs`, from minute rows.
 *
 * The window is the current minute so far plus the `minutes` whole minutes before it: from the start of the
 * minute `minutes` minutes before the current one, up to now. The events in it are counted exactly (whole
 * minute buckets; none is pro-rated) and the rate divides them by exactly its length in seconds:
 * `minutes` × 60 plus the seconds elapsed in the current minute. So "1 min" covers 60 to 120 s and "5 min"
 * 300 to 360 s, and a rate never jumps because the current minute has just begun. Minutes after the current
 * one (events from producers whose clocks run ahead) are left out.
 *
 * Returns {count, errors, seconds, perSecond, errorRate}; errorRate is null without events.
 */
export function rolling(rows, nowMs, minutes) {
  const current = periodStart(nowMs);
  const from = current - minutes * MINUTE_MS;
  let count = 0;
  let errors = 0;
  for (const r of rows) {
    const t = Date.parse(r.hour);
    if (t >= from && t <= current) {
      count += r.count || 0;
      errors += r.errors || 0;
    }
  }
  const seconds = (nowMs - from) / 1000;
  return { count, errors, seconds, perSecond: count / seconds, errorRate: count ? errors / count : null };
}
