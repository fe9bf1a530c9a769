// How numbers and times are shown. Pure functions, tested under node.

export function count(n) {
  return n === undefined || n === null ? '—' : Math.round(n).toLocaleString('en-US');
}

/** A measured value with 3 significant digits, or a dash. */
export function num(n) {
  if (n === undefined || n === null || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs === 0) return '0';
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
  return Number(n.toPrecision(3)).toString();
}

export function percent(ratio) {
  if (ratio === undefined || ratio === null || !Number.isFinite(ratio)) return '—';
  return `${num(ratio * 100)} %`;
}

export function rate(perSecond) {
  return perSecond === undefined || perSecond === null ? '—' : `${num(perSecond)}/s`;
}

/** Seconds as "42 s", "3 min 5 s", "2 h 10 min", "3 d 4 h". */
export function duration(seconds) {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86400) return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86400)} d${Math.floor((s % 86400) / 3600) ? ` ${Math.floor((s % 86400) / 3600)} h` : ''}`;
}

/** An ISO time (or ms) as "2026-11-22 10:15 UTC": every time on the page is 24 h UTC, as the data is. */
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** An ISO time (or ms) to the millisecond: "2026-11-22 10:15:30.123 UTC"; what is not a time is shown as it is. */
export function instant(iso) {
  if (iso === undefined || iso === null || iso === '') return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 23).replace('T', ' ')} UTC`;
}

/** A time in ms (or an ISO time) as "10:15:30", 24 h, UTC. */
export function clock(ms) {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '—' : d.toISOString().slice(11, 19);
}

/**
 * The level of an error rate, for its colour and its word: 'ok' under 1 %, 'warning' from 1 % to under 5 %,
 * 'bad' from 5 %; null when there is no rate (no events).
 */
export function errorLevel(ratio) {
  if (ratio === undefined || ratio === null || !Number.isFinite(ratio)) return null;
  if (ratio < 0.01) return 'ok';
  return ratio < 0.05 ? 'warning' : 'bad';
}

/** A number on an axis: digits grouped up to 99,999, then "250 k", "1.2 M", "3 G" (3 significant digits at most). */
export function axisNumber(v) {
  if (v === undefined || v === null || !Number.isFinite(v)) return '';
  const abs = Math.abs(v);
  const sig = (x) => Number(x.toPrecision(3)).toString();
  if (abs >= 1e9) return `${sig(v / 1e9)} G`;
  if (abs >= 1e6) return `${sig(v / 1e6)} M`;
  if (abs >= 1e5) return `${sig(v / 1e3)} k`;
  if (abs >= 1) return Number(v.toFixed(2)).toLocaleString('en-US', { maximumFractionDigits: 2 });
  return abs === 0 ? '0' : sig(v);
}

/**
 * The width in CSS pixels an axis needs so that none of its tick labels is cut: the widest line of any label,
 * as `measure(text)` gives it, plus `extra` (ticks and gap).
 */
export function axisWidth(labels, measure, extra) {
  let widest = 0;
  for (const label of labels || []) {
    for (const line of String(label ?? '').split('\n')) widest = Math.max(widest, measure(line));
  }
  return Math.ceil(widest + extra);
}

/**
 * Tick labels of a time axis, 24 h UTC: "10:15" (with seconds below a minute's spacing), the date "11-22" under
 * the first label and wherever the day changes, and only the date when the ticks are a day or more apart.
 * splits: seconds since the epoch; incr: the spacing of the ticks in seconds.
 */
export function timeTicks(splits, incr) {
  let lastDay = null;
  return splits.map((s) => {
    if (s === undefined || s === null) return '';
    const iso = new Date(s * 1000).toISOString();
    const day = iso.slice(5, 10);
    if (incr >= 86400) return day;
    const label = incr < 60 ? iso.slice(11, 19) : iso.slice(11, 16);
    const withDay = day !== lastDay ? `${label}\n${day}` : label;
    lastDay = day;
    return withDay;
  });
}

/** The smallest of 1, 2, 5 × 10^k at or above n (at least 1): the top of a small chart's scale. */
export function niceCeil(n) {
  if (!(n > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}
