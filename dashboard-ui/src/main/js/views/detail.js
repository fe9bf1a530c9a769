// Stream detail: one stream over the last 60 minutes (per minute, live from the WebSocket's minutes), 6 hours
// (per 5 minutes, asked again while minutes arrive), or 24 h, 7 d, 30 d (per hour, the open hour live), from
// REST joined to the live feed. Charts of count and error rate, of the percentiles of each value and of errors
// by type are built once per range and then updated in place; the periods with events are also a table. Below
// the charts, the stream's recent events, live (event-list.js).
import { h, replace } from '../dom.js';
import { api, enc, query } from '../api.js';
import * as fmt from '../format.js';
import { errorTypes, joinHistory, valueNames } from '../merge.js';
import { MINUTE_MS, dense, lastPeriods, rolling } from '../minutes.js';
import { TimeChart } from '../chart.js';
import { DEFAULTS } from '../hash.js';
import { downloadCsv, downloadJson, downloadPng, fileSafe, metricsColumns } from '../export.js';
import { button, errorNote, levelText, listen, table, throttle, toolbar } from './common.js';
import { eventList } from './event-list.js';

const HOUR_MS = 60 * MINUTE_MS;
// live: where the newest periods come from between loads: the feed's minutes, its open hours, or REST again.
const RANGES = {
  '60m': { label: 'last 60 min', query: 'step=1m', stepMs: MINUTE_MS, periods: 60, live: 'minutes', period: 'minute', plural: 'minutes' },
  '6h': { label: '6 h', query: 'step=5m', stepMs: 5 * MINUTE_MS, periods: 72, live: 'rest', period: '5 min', plural: '5-minute periods' },
  '24h': { label: '24 h', query: 'from=now-24h&step=1h', stepMs: HOUR_MS, periods: 24, live: 'hours', period: 'hour', plural: 'hours' },
  '7d': { label: '7 d', query: 'from=now-168h&step=1h', stepMs: HOUR_MS, periods: 168, live: 'hours', period: 'hour', plural: 'hours' },
  '30d': { label: '30 d', query: 'from=now-720h&step=1h', stepMs: HOUR_MS, periods: 720, live: 'hours', period: 'hour', plural: 'hours' },
};
const TABLE_ROWS = 72;
// 6 h: while minutes of the stream arrive, its 5-minute periods are asked for again at most this often.
const REFRESH_MS = 15000;
// The windows slide with the clock even without new events.
const SLIDE_MS = 5000;

export function detail(root, live, nav) {
  const { stream } = nav.state;
  let range = RANGES[nav.state.range] ? nav.state.range : DEFAULTS.range;
  let history = [];
  let total = null;
  let drawnKey = '';
  let generation = 0;
  let stopped = false;
  let loaded = false; // the range's rows have been asked for and answered (or refused)
  let nothingStored = false; // the status says the REST API had no rows: true only until live rows arrive
  const charts = new Map(); // name -> {figure, chart, key}

  const rangeButtons = Object.entries(RANGES).map(([r, spec]) => button(spec.label, () => choose(r), { 'data-range': r }));
  const backLink = h('a', { href: nav.href({ view: 'overview', stream: '' }) }, '← all streams');
  const status = h('p', { class: 'notes', id: 'detail-status' });
  const summary = h('dl', { class: 'summary', id: 'detail-summary' });
  const rollingBox = h('dl', { class: 'summary', id: 'detail-rolling' });
  const chartsBox = h('div', { class: 'charts' });
  const tableBox = h('div', { id: 'history-table' });
  const events = eventList({
    id: 'events-panel', title: 'Events', live, owner: 'events-panel', streams: [stream], kind: 'events',
    read: (q) => api(`/api/streams/${enc(stream)}/events?${query(q)}`),
    accept: (re) => re.stream === stream,
  });

  root.append(
    h('p', {}, backLink),
    h('h1', {}, stream),
    toolbar(h('span', { class: 'segmented', role: 'group', 'aria-label': 'Range' }, rangeButtons),
      button('Export CSV', exportCsv, { 'data-export': 'csv' }),
      button('Export JSON', exportJson, { 'data-export': 'json' })),
    status, summary, rollingBox, chartsBox, events.el, tableBox);

  function choose(r) {
    if (r === range) return;
    range = r;
    nav.set({ range });
    backLink.setAttribute('href', nav.href({ view: 'overview', stream: '' }));
    for (const c of charts.values()) c.chart.destroy();
    charts.clear();
    // Nothing of the previous range stays on screen while this one loads.
    loaded = false;
    history = [];
    total = null;
    drawnKey = '';
    chartsBox.replaceChildren();
    summary.replaceChildren();
    tableBox.replaceChildren();
    load(false);
  }

  /** The periods of the range up to the current one, and the rows with events in them. */
  function rows() {
    const spec = RANGES[range];
    const win = lastPeriods(live.now(), spec.stepMs, spec.periods);
    const fresh = spec.live === 'minutes' ? live.minutesOf(stream) : spec.live === 'hours' ? live.hoursOf(stream) : [];
    const joined = joinHistory(history, fresh, new Date(win.fromMs).toISOString());
    return { win, data: joined.filter((r) => Date.parse(r.hour) >= win.fromMs) };
  }

  /** The span a chart shows unzoomed, in seconds: the periods of the range, half a period of room either side. */
  function chartWindow() {
    const spec = RANGES[range];
    const win = lastPeriods(live.now(), spec.stepMs, spec.periods);
    const pad = spec.stepMs / 2000;
    return [win.fromMs / 1000 - pad, (win.fromMs + (win.n - 1) * spec.stepMs) / 1000 + pad];
  }

  async function load(quietly) {
    const mine = ++generation;
    const spec = RANGES[range];
    rangeButtons.forEach((b) => b.classList.toggle('current', b.dataset.range === range));
    if (!quietly) status.textContent = 'Loading…';
    try {
      const page = await api(`/api/streams/${enc(stream)}/metrics?${spec.query}`);
      if (mine !== generation) return;
      history = page.metrics || [];
      total = page.total;
      status.textContent = '';
      nothingStored = false;
    } catch (e) {
      if (mine !== generation) return;
      history = [];
      total = null;
      nothingStored = e.status === 404;
      replace(status, nothingStored ? h('p', { class: 'notes' }, `No stored metrics for ${stream} in the ${spec.label}.`) : errorNote(e));
    }
    loaded = true;
    drawnKey = '';
    draw();
  }

  function draw() {
    if (stopped) return; // a throttled call after the view was left
    drawRolling();
    if (!loaded) return;
    const spec = RANGES[range];
    const { win, data } = rows();
    if (nothingStored && data.length) {
      // A new stream: not stored yet when asked, but its live periods are on screen now.
      nothingStored = false;
      status.textContent = '';
    }
    const current = live.current(stream);
    const key = `${range}|${win.fromMs}|${data.map((r) => `${r.hour}:${r.revision}`).join(',')}|${live.status}|${current?.data.revision}`;
    if (key === drawnKey) return;
    drawnKey = key;
    drawSummary(spec, data, current);
    drawCharts(spec, win, data);
    drawTable(spec, data);
  }

  function drawSummary(spec, data, current) {
    const isLive = live.isLive(current);
    const sum = (f) => data.reduce((n, r) => n + (r[f] || 0), 0);
    const count = sum('count');
    const errors = sum('errors');
    replace(summary,
      h('dt', {}, `events (${spec.label})`), h('dd', { 'data-field': 'total-count' }, fmt.count(count)),
      h('dt', {}, 'errors'), h('dd', { 'data-field': 'total-errors' }, fmt.count(errors)),
      h('dt', {}, 'error rate'), h('dd', { 'data-field': 'total-error-rate' }, levelText(count ? errors / count : null)),
      h('dt', {}, `${spec.plural} with events`), h('dd', { 'data-field': 'periods' }, String(data.length)),
      h('dt', {}, 'current hour'), h('dd', { 'data-field': 'live', class: isLive ? '' : 'stale' },
        current ? `${fmt.count(current.data.count)}${isLive ? ' (live)' : ' (not live)'}` : 'no live data'));
    summary.dataset.live = String(isLive);
  }

  /** Events/s and error rate over the last 1 and 5 minutes, as on the stream's card. */
  function drawRolling() {
    if (!live.hasMinutes()) {
      rollingBox.replaceChildren();
      return;
    }
    const minutes = live.minutesOf(stream);
    const now = live.now();
    replace(rollingBox, [[1, '1m'], [5, '5m']].flatMap(([n, key]) => {
      const r = rolling(minutes, now, n);
      return [h('dt', {}, `last ${n} min`),
        h('dd', { 'data-field': `rate-${key}` }, fmt.rate(r.perSecond), ', errors ', levelText(r.errorRate))];
    }));
  }

  function chartSpecs(spec, data) {
    const specs = [{
      name: 'count',
      title: 'Count and error rate',
      units: { y: `events / ${spec.period}`, '%': 'error rate (%)' },
      series: [
        { label: 'count', get: (r) => r.count ?? 0, format: fmt.count },
        // No events, no rate: a gap, not a zero.
        { label: 'error rate', scale: '%', get: (r) => (r.count ? (r.errors || 0) / r.count * 100 : null), format: (v) => `${fmt.num(v)} %` },
      ],
    }];
    for (const v of valueNames(data)) {
      specs.push({
        name: `values-${v}`,
        title: `${v} percentiles`,
        units: { y: v },
        series: ['p50', 'p95', 'p99'].map((p) => ({ label: p, get: (r) => r.values?.[v]?.[p] ?? null, format: fmt.num })),
      });
    }
    const types = errorTypes(data);
    if (types.length) {
      specs.push({
        name: 'errors',
        title: 'Errors by type',
        units: { y: `errors / ${spec.period}` },
        series: types.map((t) => ({ label: t, get: (r) => r.errors_by_type?.[t] ?? 0, format: fmt.count })),
      });
    }
    return specs;
  }

  /** Every period of the range drawn (periods without events as zero counts); a chart is rebuilt only when its series change. */
  function drawCharts(spec, win, data) {
    const periods = dense(data, win.fromMs, spec.stepMs, spec.periods);
    const xs = periods.map((r) => Date.parse(r.hour) / 1000);
    const specs = chartSpecs(spec, data);
    const names = new Set(specs.map((s) => s.name));
    for (const [name, c] of charts) {
      if (!names.has(name)) {
        c.chart.destroy();
        c.figure.remove();
        charts.delete(name);
      }
    }
    specs.forEach((s, i) => {
      const key = s.series.map((x) => x.label).join('\n');
      const chartData = [xs, ...s.series.map((x) => periods.map(x.get))];
      let c = charts.get(s.name);
      if (c && c.key !== key) {
        c.chart.destroy();
        c.figure.remove();
        c = null;
      }
      if (c) c.chart.update(chartData);
      else charts.set(s.name, (c = newChart(s, key, chartData)));
      if (chartsBox.children[i] !== c.figure) chartsBox.insertBefore(c.figure, chartsBox.children[i] || null);
    });
  }

  function newChart(s, key, data) {
    const box = h('div', { class: 'chart-box' });
    const zoomNote = h('p', { class: 'zoom-note', 'data-field': 'zoom', hidden: true });
    const c = { key };
    c.figure = h('figure', { class: 'chart', dataset: { chart: s.name } },
      h('figcaption', {}, s.title, ' ', button('PNG', () => downloadPng(`${fileSafe(stream)}-${fileSafe(s.name)}.png`, c.chart.canvas),
        { class: 'small', 'data-export': 'png' })),
      box, zoomNote);
    chartsBox.append(c.figure); // in the page before the chart, which takes its width
    c.chart = new TimeChart(box, data, {
      series: s.series,
      units: s.units,
      window: chartWindow,
      onZoom: (zoom) => {
        zoomNote.hidden = !zoom;
        zoomNote.textContent = zoom
          ? `Zoomed in on ${fmt.time(zoom[0] * 1000)} to ${fmt.time(zoom[1] * 1000)}; double-click the chart for all of the ${RANGES[range].label}.`
          : '';
      },
    });
    return c;
  }

  function drawTable(spec, data) {
    const first = valueNames(data)[0];
    const hourly = spec.stepMs === HOUR_MS;
    const newest = data.slice(-TABLE_ROWS).reverse();
    const heading = hourly ? 'Hours' : `${spec.plural[0].toUpperCase()}${spec.plural.slice(1)} with events`;
    replace(tableBox, h('h2', {}, heading), newest.length
      ? table([`${hourly ? 'hour' : spec.stepMs === MINUTE_MS ? 'minute' : 'from'} (UTC)`, 'count', 'errors', 'error rate', 'rate',
        ...(first ? [`${first} p95`] : []), ...(hourly ? ['state'] : [])],
      newest.map((r) => h('tr', { dataset: { hour: r.hour } },
        h('td', {}, fmt.time(r.hour)),
        h('td', { 'data-field': 'count' }, fmt.count(r.count)),
        h('td', { 'data-field': 'errors' }, fmt.count(r.errors)),
        h('td', {}, levelText(r.count ? (r.errors || 0) / r.count : null)),
        h('td', {}, fmt.rate(r.rate_per_s)),
        first ? h('td', {}, fmt.num(r.values?.[first]?.p95)) : null,
        hourly ? h('td', {}, r.final ? 'final' : 'open') : null)),
      { id: hourly ? 'hours-table' : 'minutes-table' })
      : h('p', { class: 'empty' }, `No events in the ${spec.label}.`));
    if (hourly && total && total.count !== undefined) {
      tableBox.append(h('p', { class: 'notes' }, `Stored total over the range: ${fmt.count(total.count)} events.`));
    }
  }

  function exportCsv() {
    const { data } = rows();
    downloadCsv(`${fileSafe(stream)}-${range}.csv`, data, metricsColumns(valueNames(data)));
  }

  function exportJson() {
    downloadJson(`${fileSafe(stream)}-${range}.json`, { stream, range, step: RANGES[range].query, metrics: rows().data });
  }

  const render = throttle(draw, 1000);
  const refresh = throttle(() => load(true), REFRESH_MS);
  const stop = listen(live, {
    metrics: (e) => {
      if (e.detail.stream === stream) render();
    },
    minutes: (e) => {
      if (e.detail !== stream) return;
      if (RANGES[range].live === 'rest') refresh();
      render();
    },
    status: render,
    resync: () => load(true),
  });
  const slide = setInterval(draw, SLIDE_MS);
  live.want([stream], ['metrics', 'minutes']);
  load(false);
  return () => {
    stopped = true;
    generation++;
    stop();
    events.stop();
    clearInterval(slide);
    for (const c of charts.values()) c.chart.destroy();
  };
}
