// Exports of what a view shows: CSV and JSON files, and a chart's canvas as PNG.

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text starting with
 * =, +, -, @, tab or carriage return would run as a formula in a spreadsheet (CSV injection), so it
 * gets a ' in front and is quoted; numbers (negative ones too) stay numbers. The aggregator's export
 * follows the same rule.
 */
export function csvField(value) {
  if (value === undefined || value === null) return '';
  const s = String(value);
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** columns: [{name, get(row)}]; a header line, then one line per row. */
export function toCsv(rows, columns) {
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.get(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The columns of hourly metrics: the totals, then every statistic of every value. */
export function metricsColumns(valueNames) {
  const columns = ['hour', 'count', 'errors', 'error_rate', 'rate_per_s', 'late_events', 'revision', 'final']
    .map((name) => ({ name, get: (r) => r[name] }));
  for (const v of valueNames) {
    for (const stat of ['count', 'sum', 'min', 'max', 'mean', 'p50', 'p90', 'p95', 'p99']) {
      columns.push({ name: `${v}.${stat}`, get: (r) => r.values?.[v]?.[stat] });
    }
  }
  return columns;
}

export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function downloadCsv(name, rows, columns) {
  download(name, new Blob([toCsv(rows, columns)], { type: 'text/csv' }));
}

export function downloadJson(name, data) {
  download(name, new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
}

export function downloadPng(name, canvas) {
  canvas.toBlob((blob) => download(name, blob), 'image/png');
}

/** A file name part from a stream name (already safe: [a-z0-9._-]). */
export function fileSafe(text) {
  return String(text).replace(/[^A-Za-z0-9._-]/g, '_');
}
