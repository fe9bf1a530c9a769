// Stream detail: the hourly history of one stream over 24 h, 7 d or 30 d (REST), joined to the live
// hours from the WebSocket, as charts (count and error rate, percentiles of each value, errors by type)
// and a table.
import { h, replace } from '../dom.js';
import { api, enc } from '../api.js';
import * as fmt from '../format.js';
import { joinHistory, valueNames, errorTypes } from '../merge.js';
import { timeChart } from '../chart.js';
import { downloadCsv, downloadJson, downloadPng, fileSafe, metricsColumns } from '../export.js';
import { button, errorNote, listen, table, throttle, toolbar } from './common.js';

const RANGES = { '24h': 24, '7d': 7 * 24, '30d': 30 * 24 };
const TABLE_ROWS = 48;

export function detail(root, live, stream) {
  let range = sessionStorage.getItem('pulseboard.range') || '24h';
  let history = [];
  let from = null;
  let total = null;
  let drawnKey = '';

  const rangeButtons = Object.keys(RANGES).map((r) => button(r, () => load(r), { 'data-range': r }));
  const status = h('p', { class: 'notes', id: 'detail-status' });
  const summary = h('dl', { class: 'summary', id: 'detail-summary' });
  const charts = h('div', { class: 'charts' });
  const tableBox = h('div', { id: 'history-table' });

  root.append(
    h('p', {}, h('a', { href: '#/' }, '← all streams')),
    h('h1', {}, stream),
    toolbar(h('span', { class: 'segmented', role: 'group', 'aria-label': 'Range' }, rangeButtons),
      button('Export CSV', exportCsv, { 'data-export': 'csv' }),
      button('Export JSON', exportJson, { 'data-export': 'json' })),
    status, summary, charts, tableBox);

  function rows() {
    return joinHistory(history, live.hoursOf(stream), from);
  }

  async function load(r) {
    range = r;
    sessionStorage.setItem('pulseboard.range', r);
    rangeButtons.forEach((b) => b.classList.toggle('current', b.dataset.range === r));
    status.textContent = 'Loading…';
    try {
      const page = await api(`/api/streams/${enc(stream)}/metrics?from=now-${RANGES[r]}h&step=1h`);
      history = page.metrics || [];
      from = page.from;
      total = page.total;
      status.textContent = '';
    } catch (e) {
      history = [];
      total = null;
      replace(status, errorNote(e.status === 404 ? new Error(`No metrics for ${stream} in the last ${r}.`) : e));
    }
    drawnKey = '';
    draw();
  }

  function draw() {
    const data = rows();
    const key = `${range}|${data.map((r) => `${r.hour}:${r.revision}`).join(',')}|${live.status}`;
    if (key === drawnKey) return;
    drawnKey = key;
    const current = live.current(stream);
    const isLive = live.isLive(current);
    const sum = (f) => data.reduce((n, r) => n + (r[f] || 0), 0);
    replace(summary,
      h('dt', {}, `events (${range})`), h('dd', { 'data-field': 'total-count' }, fmt.count(sum('count'))),
      h('dt', {}, 'errors'), h('dd', { 'data-field': 'total-errors' }, fmt.count(sum('errors'))),
      h('dt', {}, 'hours with events'), h('dd', { 'data-field': 'hours' }, String(data.length)),
      h('dt', {}, 'current hour'), h('dd', { 'data-field': 'live', class: isLive ? '' : 'stale' },
        current ? `${fmt.count(current.data.count)}${isLive ? ' (live)' : ' (not live)'}` : 'no live data'));
    summary.dataset.live = String(isLive);

    charts.replaceChildren();
    if (!data.length) return;
    chart('Count and error rate', 'count', data, [
      { label: 'count', get: (r) => r.count },
      { label: 'error rate %', get: (r) => (r.error_rate ?? 0) * 100, scale: '%' },
    ]);
    for (const v of valueNames(data)) {
      chart(`${v} percentiles`, `values-${v}`, data, ['p50', 'p95', 'p99'].map((p) => ({ label: p, get: (r) => r.values?.[v]?.[p] })));
    }
    const types = errorTypes(data);
    if (types.length) {
      chart('Errors by type', 'errors', data, types.map((t) => ({ label: t, get: (r) => r.errors_by_type?.[t] ?? 0 })));
    }
    drawTable(data);
  }

  function chart(title, name, data, series) {
    const box = h('div', { class: 'chart-box' });
    const figure = h('figure', { class: 'chart', dataset: { chart: name } },
      h('figcaption', {}, title, ' ', button('PNG', () => downloadPng(`${fileSafe(stream)}-${fileSafe(name)}.png`, plot.ctx.canvas),
        { class: 'small', 'data-export': 'png' })),
      box);
    charts.append(figure);
    const range = [Date.parse(from || data[0].hour) / 1000, Date.now() / 1000 + 3600];
    const plot = timeChart(box, data, series, { range });
  }

  function drawTable(data) {
    const names = valueNames(data);
    const first = names[0];
    const newest = data.slice(-TABLE_ROWS).reverse();
    replace(tableBox,
      h('h2', {}, 'Hours'),
      table(['hour (UTC)', 'count', 'errors', 'error rate', 'rate', ...(first ? [`${first} p95`] : []), 'state'],
        newest.map((r) => h('tr', { dataset: { hour: r.hour } },
          h('td', {}, fmt.time(r.hour)),
          h('td', { 'data-field': 'count' }, fmt.count(r.count)),
          h('td', {}, fmt.count(r.errors)),
          h('td', {}, fmt.percent(r.error_rate)),
          h('td', {}, fmt.rate(r.rate_per_s)),
          first ? h('td', {}, fmt.num(r.values?.[first]?.p95)) : null,
          h('td', {}, r.final ? 'final' : 'open'))),
        { id: 'hours-table' }));
    if (total && total.count !== undefined) {
      tableBox.append(h('p', { class: 'notes' }, `Stored total over the range: ${fmt.count(total.count)} events.`));
    }
  }

  function exportCsv() {
    const data = rows();
    downloadCsv(`${fileSafe(stream)}-${range}.csv`, data, metricsColumns(valueNames(data)));
  }

  function exportJson() {
    downloadJson(`${fileSafe(stream)}-${range}.json`, { stream, range, metrics: rows() });
  }

  const render = throttle(draw, 1000);
  const stop = listen(live, {
    metrics: (e) => {
      if (e.detail.stream === stream) render();
    },
    status: render,
    resync: () => load(range),
  });
  live.want([stream], ['metrics']);
  load(RANGES[range] ? range : '24h');
  return stop;
}
