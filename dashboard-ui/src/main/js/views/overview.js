// Streams overview: one card per stream with the current hour's numbers, a sparkline of recent hours and
// an alert badge. The filter (a name, part of one, or a glob) decides what the page subscribes to.
import { h, replace } from '../dom.js';
import { api, enc } from '../api.js';
import * as fmt from '../format.js';
import { matches, subscriptionFor } from '../glob.js';
import { joinHistory, valueNames } from '../merge.js';
import { sparkline } from '../chart.js';
import { downloadCsv, downloadJson } from '../export.js';
import { button, errorNote, listen, throttle, toolbar } from './common.js';

const FILTER_KEY = 'pulseboard.filter';
const VALUE_KEY = 'pulseboard.value';
const SEVERITY_ORDER = ['info', 'warning', 'critical'];

export function overview(root, live) {
  const summaries = new Map(); // stream -> REST summary (GET /api/streams)
  const recent = new Map(); // stream -> hourly rows of the last 24 h (REST), for the sparkline
  const cards = new Map(); // stream -> {el, fields, spark, plot}
  let filter = sessionStorage.getItem(FILTER_KEY) || '';
  let chosenValue = localStorage.getItem(VALUE_KEY) || '';
  let loaded = false;

  const filterInput = h('input', {
    id: 'filter', type: 'search', placeholder: 'Filter: name, part of one, or glob (checkout.*, llm.**)',
    value: filter, 'aria-label': 'Filter streams',
  });
  const valueSelect = h('select', { id: 'value-select', 'aria-label': 'Value for percentiles' });
  const grid = h('div', { class: 'cards', id: 'cards' });
  const notes = h('div', { class: 'notes' });
  const banner = h('p', { class: 'stale-banner', id: 'stale-banner' },
    'Not live: the numbers below are from before the connection was lost and update again once it is back.');

  root.append(
    h('h1', {}, 'Streams'),
    toolbar(
      filterInput,
      h('label', {}, 'Percentiles of ', valueSelect),
      button('Export CSV', exportCsv, { 'data-export': 'csv' }),
      button('Export JSON', exportJson, { 'data-export': 'json' })),
    banner, notes, grid);

  const render = throttle(draw, 150);
  const resubscribe = throttle(() => live.want(subscriptionFor(filter, knownStreams())), 300);

  filterInput.addEventListener('input', () => {
    filter = filterInput.value.trim();
    sessionStorage.setItem(FILTER_KEY, filter);
    resubscribe();
    render();
  });
  valueSelect.addEventListener('change', () => {
    chosenValue = valueSelect.value;
    localStorage.setItem(VALUE_KEY, chosenValue);
    render();
  });

  function knownStreams() {
    return [...new Set([...summaries.keys(), ...live.known])].sort();
  }

  function shown() {
    return knownStreams().filter((s) => matches(filter, s));
  }

  /** The newest hour of a stream: from the live feed, or else from REST (then marked not live). */
  function currentOf(stream) {
    const entry = live.current(stream);
    const rest = summaries.get(stream)?.current_hour;
    if (entry && (!rest || entry.data.hour >= rest.hour)) return { data: entry.data, live: live.isLive(entry) };
    return { data: rest, live: false };
  }

  function card(stream) {
    let c = cards.get(stream);
    if (c) return c;
    const fields = {};
    const stat = (name, label) => {
      fields[name] = h('dd', { 'data-field': name }, '—');
      return [h('dt', {}, label), fields[name]];
    };
    fields.badge = h('span', { class: 'badge', 'data-field': 'alerts', hidden: true });
    fields.hour = h('span', { class: 'hour', 'data-field': 'hour' });
    fields.valueName = h('span', { class: 'value-name' });
    const spark = h('div', { class: 'spark', 'aria-hidden': 'true' });
    const el = h('article', { class: 'card', dataset: { stream } },
      h('header', {}, h('h2', {}, h('a', { href: `#/stream/${enc(stream)}` }, stream)), fields.badge),
      fields.hour,
      h('dl', {}, stat('count', 'count'), stat('rate', 'rate'), stat('error-rate', 'errors'),
        stat('p50', 'p50'), stat('p95', 'p95'), stat('p99', 'p99')),
      fields.valueName,
      spark);
    c = { el, fields, spark, plot: null, sparkKey: '' };
    cards.set(stream, c);
    loadRecent(stream);
    return c;
  }

  // Sparklines load after the numbers, two at a time, so they never hold up the first view (a browser opens
  // only a few connections per host).
  const sparkQueue = [];
  let sparkLoading = 0;
  function loadRecent(stream) {
    sparkQueue.push(stream);
    nextRecent();
  }

  async function nextRecent() {
    if (!loaded || sparkLoading >= 2 || !sparkQueue.length) return;
    const stream = sparkQueue.shift();
    sparkLoading++;
    try {
      const page = await api(`/api/streams/${enc(stream)}/metrics?from=now-24h`);
      recent.set(stream, page.metrics || []);
      render();
    } catch (e) {
      if (e.status !== 404) console.warn(`sparkline of ${stream}: ${e.message}`);
    } finally {
      sparkLoading--;
      nextRecent();
    }
  }

  function fill(c, stream, names) {
    const { data, live: isLive } = currentOf(stream);
    const f = c.fields;
    const v = data?.values?.[chosenValue];
    f.count.textContent = fmt.count(data?.count);
    f.rate.textContent = fmt.rate(data?.rate_per_s);
    f['error-rate'].textContent = fmt.percent(data?.error_rate);
    f.p50.textContent = fmt.num(v?.p50);
    f.p95.textContent = fmt.num(v?.p95);
    f.p99.textContent = fmt.num(v?.p99);
    f.hour.textContent = data ? `hour of ${fmt.time(data.hour)}${isLive ? '' : ' (not live)'}` : 'no events yet';
    f.valueName.textContent = chosenValue && names.length ? `percentiles of ${chosenValue}` : '';
    c.el.classList.toggle('stale', !!data && !isLive);
    c.el.dataset.live = String(isLive);

    const active = live.activeAlerts().filter((a) => a.stream === stream);
    f.badge.hidden = active.length === 0;
    if (active.length) {
      const firing = active.filter((a) => a.state === 'firing').length;
      const worst = active.map((a) => a.severity).sort((a, b) => SEVERITY_ORDER.indexOf(b) - SEVERITY_ORDER.indexOf(a))[0];
      f.badge.textContent = firing ? `${firing} firing` : `${active.length} pending`;
      f.badge.dataset.severity = worst || 'info';
    }

    const rows = joinHistory(recent.get(stream) || [], live.hoursOf(stream), new Date(Date.now() - 24 * 3600e3).toISOString());
    const key = rows.map((r) => `${r.hour}:${r.count}`).join(',');
    if (rows.length && key !== c.sparkKey && c.spark.isConnected) {
      c.sparkKey = key;
      if (c.plot) c.plot.setData([rows.map((r) => Date.parse(r.hour) / 1000), rows.map((r) => r.count)]);
      else c.plot = sparkline(c.spark, rows, (r) => r.count, 24 * 3600);
    }
  }

  function draw() {
    const streams = shown();
    const currents = streams.map((s) => currentOf(s).data).filter(Boolean);
    const names = valueNames(currents);
    if (!chosenValue || !names.includes(chosenValue)) chosenValue = names[0] || '';
    replace(valueSelect, names.map((n) => h('option', { value: n, selected: n === chosenValue }, n)));
    valueSelect.disabled = names.length === 0;

    const wanted = streams.map((s) => card(s).el);
    if (wanted.length !== grid.children.length || wanted.some((el, i) => grid.children[i] !== el)) grid.replaceChildren(...wanted);
    for (const s of streams) fill(cards.get(s), s, names);
    if (!streams.length) {
      grid.replaceChildren(h('p', { class: 'empty' }, filter ? `No stream matches “${filter}”.` : 'No streams yet: send some events.'));
    }
    banner.hidden = live.status === 'connected';
    if (loaded && !performance.getEntriesByName('pulseboard:usable').length) {
      // The first view is usable: the streams and their numbers are on screen (bench/dashboard-load.sh reads this).
      performance.mark('pulseboard:usable');
    }
  }

  function shownRows() {
    return shown().map((s) => ({ stream: s, ...currentOf(s) })).filter((r) => r.data);
  }

  function exportCsv() {
    const names = valueNames(shownRows().map((r) => r.data));
    const columns = [
      { name: 'stream', get: (r) => r.stream },
      { name: 'live', get: (r) => r.live },
      ...['hour', 'count', 'errors', 'error_rate', 'rate_per_s'].map((n) => ({ name: n, get: (r) => r.data[n] })),
      ...names.flatMap((v) => ['p50', 'p95', 'p99'].map((p) => ({ name: `${v}.${p}`, get: (r) => r.data.values?.[v]?.[p] }))),
    ];
    downloadCsv('streams.csv', shownRows(), columns);
  }

  function exportJson() {
    downloadJson('streams.json', shownRows().map((r) => ({ live: r.live, ...r.data })));
  }

  async function loadSummaries() {
    try {
      const list = await api('/api/streams');
      for (const s of list) summaries.set(s.stream, s);
      loaded = true;
      notes.replaceChildren();
      resubscribe();
      render();
      nextRecent();
      nextRecent();
    } catch (e) {
      replace(notes, errorNote(e));
    }
  }

  const stop = listen(live, {
    metrics: render,
    alert: render,
    status: render,
    resync: loadSummaries,
    streams: () => {
      resubscribe();
      render();
    },
  });
  live.want(subscriptionFor(filter, knownStreams()));
  loadSummaries();
  render();
  return stop;
}
