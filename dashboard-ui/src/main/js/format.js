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

/** An ISO time as "2026-11-22 10:15 UTC" (the data is in UTC hours). */
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
