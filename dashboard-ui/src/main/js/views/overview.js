// Streams overview: one card per stream with the current hour's numbers, events/s and error rate over the
// last 1 and 5 minutes, a sparkline of the last 60 minutes and an alert badge. The filter (a name, part of
// one, or a glob) decides what the page subscribes to; the filter and the order live in the URL hash.
import { h, replace } from '../dom.js';
import * as fmt from '../format.js';
import { api } from '../api.js';
import { matches, subscriptionFor } from '../glob.js';
import { valueNames } from '../merge.js';
import { MINUTE_MS, WINDOW_MINUTES, dense, lastPeriods, rolling } from '../minutes.js';
import { SORT_LABELS, chooseValue, sortStreams } from '../sort.js';
import { Sparkline } from '../chart.js';
import { downloadCsv, downloadJson } from '../export.js';
import { button, errorNote, levelled, listen, setLevelled, throttle, toolbar } from './common.js';

const VALUES_KEY = 'pulseboard.values'; // stream -> the value whose percentiles its card shows
const SEVERITY_ORDER = ['info', 'warning', 'critical'];
// Without new events the sparklines and the rolling figures still move on with the clock.
const SLIDE_MS = 5000;
const ROLLING = [[1, '1m'], [5, '5m']];

export function overview(root, live, nav) {
  const summaries = new Map(); // stream -> REST summary (GET /api/streams)
  const cards = new Map(); // stream -> {el, fields, spark, plot}
  const chosen = readChoices();
  let { filter, sort } = nav.state;
  let loaded = false;
  let stopped = false;

  const filterInput = h('input', {
    id: 'filter', type: 'search', placeholder: 'Filter: name, part of one, or glob (checkout.*, llm.**)',
    value: filter, 'aria-label': 'Filter streams',
  });
  const sortSelect = h('select', { id: 'sort', 'aria-label': 'Order of the streams' },
    Object.entries(SORT_LABELS).map(([key, label]) => h('option', { value: key, selected: key === sort }, label)));
  const grid = h('div', { class: 'cards', id: 'cards' });
  const notes = h('div', { class: 'notes' });
  const banner = h('p', { class: 'stale-banner', id: 'stale-banner', hidden: true },
    'Not live: the numbers below are from before the connection was lost and update again once it is back.');

  root.append(
    h('h1', {}, 'Streams'),
    toolbar(
      filterInput,
      h('label', {}, 'Sort by ', sortSelect),
      button('Export CSV', exportCsv, { 'data-export': 'csv' }),
      button('Export JSON', exportJson, { 'data-export': 'json' })),
    banner, notes, grid);

  const render = throttle(draw, 150);
  const resubscribe = throttle(subscribe, 300);

  filterInput.addEventListener('input', () => {
    filter = filterInput.value.trim();
    nav.set({ filter });
    linkCards();
    resubscribe();
    render();
  });
  sortSelect.addEventListener('change', () => {
    sort = sortSelect.value;
    nav.set({ sort });
    linkCards();
    render();
  });

  /** The cards' links carry the filter and order (for the way back) at once, not at the next drawing. */
  function linkCards() {
    for (const [stream, c] of cards) c.fields.link.setAttribute('href', nav.href({ view: 'stream', stream }));
  }

  function subscribe() {
    live.want(subscriptionFor(filter, knownStreams()), ['metrics', 'minutes', 'alerts']);
  }

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

  /** The value a card shows the percentiles of: chosen for its stream, else the stream's first. */
  function valueOf(stream, data) {
    return chooseValue(valueNames(data ? [data] : []), chosen[stream]);
  }

  function card(stream) {
    let c = cards.get(stream);
    if (c) return c;
    const f = {};
    const field = (name) => (f[name] = h('span', { 'data-field': name }, '—'));
    const figure = (label, ...content) => h('div', {}, h('dt', {}, label), h('dd', {}, ...content));
    f.badge = h('span', { class: 'badge', 'data-field': 'alerts', hidden: true });
    f.hour = h('span', { class: 'hour', 'data-field': 'hour' });
    f.link = h('a', { href: nav.href({ view: 'stream', stream }) }, stream);
    f.value = h('select', { 'data-field': 'value', 'aria-label': `Value whose percentiles ${stream} shows` });
    f.value.addEventListener('change', () => {
      chosen[stream] = f.value.value;
      saveChoices(chosen);
      render();
    });
    f.percentiles = h('div', { class: 'percentiles' },
      h('label', {}, 'Percentiles of ', f.value),
      h('dl', {}, ['p50', 'p95', 'p99'].map((p) => figure(p, field(p)))));
    f.noValues = h('p', { class: 'value-name', hidden: true }, 'no values in this hour');
    f.sparkTop = h('span', { class: 'spark-top', 'data-field': 'spark-max', title: 'Top of the sparkline\'s scale, events per minute' });
    const spark = h('div', { class: 'spark', 'aria-hidden': 'true' });
    const rollingRow = (minutes, key) => h('tr', {},
      h('th', { scope: 'row' }, `last ${minutes} min`),
      h('td', {}, field(`rate-${key}`)),
      h('td', {}, levelled(f, `errors-${key}`)));
    const el = h('article', { class: 'card', dataset: { stream } },
      h('header', {}, h('h2', {}, f.link), f.badge),
      f.hour,
      h('dl', { class: 'figures' }, figure('count', field('count')), figure('rate', field('rate')),
        figure('errors', levelled(f, 'error-rate'))),
      h('table', { class: 'rolling', title: 'From the minutes of the live feed: the current minute so far and the whole minutes before it' },
        h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col' }, 'events/s'), h('th', { scope: 'col' }, 'errors'))),
        h('tbody', {}, ROLLING.map(([minutes, key]) => rollingRow(minutes, key)))),
      h('div', { class: 'spark-box' }, f.sparkTop, spark,
        h('div', { class: 'spark-axis', 'aria-hidden': 'true' }, h('span', {}, '60 min ago'), h('span', {}, 'now'))),
      f.percentiles, f.noValues);
    c = { el, fields: f, spark, plot: null, sparkKey: '', valuesKey: null, sparkWindow: [0, 1] };
    cards.set(stream, c);
    return c;
  }

  function fill(c, stream) {
    const { data, live: isLive } = currentOf(stream);
    const f = c.fields;
    f.count.textContent = fmt.count(data?.count);
    f.rate.textContent = fmt.rate(data?.rate_per_s);
    setLevelled(f, 'error-rate', data?.error_rate);
    f.hour.textContent = data ? `hour of ${fmt.time(data.hour)}${isLive ? '' : ' (not live)'}` : 'no events yet';
    c.el.classList.toggle('stale', !!data && !isLive);
    c.el.dataset.live = String(isLive);

    const minutes = live.minutesOf(stream);
    const now = live.now();
    for (const [n, key] of ROLLING) {
      const r = live.hasMinutes() ? rolling(minutes, now, n) : null;
      f[`rate-${key}`].textContent = r ? fmt.rate(r.perSecond) : '—';
      setLevelled(f, `errors-${key}`, r?.errorRate);
    }
    fillPercentiles(c, stream, data);
    fillBadge(f, stream);
    if (live.hasMinutes()) fillSpark(c, minutes, now);
  }

  function fillPercentiles(c, stream, data) {
    const f = c.fields;
    const names = valueNames(data ? [data] : []);
    const value = valueOf(stream, data);
    if (names.join(',') !== c.valuesKey) {
      c.valuesKey = names.join(',');
      replace(f.value, names.map((n) => h('option', { value: n }, n)));
    }
    if (f.value.value !== value) f.value.value = value;
    f.percentiles.hidden = !names.length;
    f.noValues.hidden = !!names.length || !data;
    const v = data?.values?.[value];
    f.p50.textContent = fmt.num(v?.p50);
    f.p95.textContent = fmt.num(v?.p95);
    f.p99.textContent = fmt.num(v?.p99);
  }

  function fillBadge(f, stream) {
    const active = live.activeAlerts().filter((a) => a.stream === stream);
    f.badge.hidden = active.length === 0;
    if (active.length) {
      const firing = active.filter((a) => a.state === 'firing').length;
      const worst = active.map((a) => a.severity).sort((a, b) => SEVERITY_ORDER.indexOf(b) - SEVERITY_ORDER.indexOf(a))[0];
      f.badge.textContent = firing ? `${firing} firing` : `${active.length} pending`;
      f.badge.dataset.severity = worst || 'info';
    }
  }

  /** The last 60 minutes, minutes without events as zeros, drawn in place. */
  function fillSpark(c, minutes, now) {
    const { fromMs } = lastPeriods(now, MINUTE_MS, WINDOW_MINUTES);
    const rows = dense(minutes, fromMs, MINUTE_MS, WINDOW_MINUTES);
    const data = [rows.map((r) => Date.parse(r.hour) / 1000), rows.map((r) => r.count)];
    const key = `${fromMs}|${data[1].join(',')}`;
    if (key === c.sparkKey || !c.spark.isConnected) return;
    c.sparkKey = key;
    c.sparkWindow = [data[0][0] - 30, data[0].at(-1) + 30];
    if (c.plot && !c.plot.plot.gone) c.plot.update(data);
    else c.plot = new Sparkline(c.spark, data, () => c.sparkWindow);
    c.fields.sparkTop.textContent = `${fmt.count(c.plot.top)}/min`;
  }

  function draw() {
    if (stopped) return; // a throttled call after the view was left
    const streams = shown();
    const items = streams.map((stream) => {
      const { data } = currentOf(stream);
      return { stream, count: data?.count, errorRate: data?.error_rate, p95: data?.values?.[valueOf(stream, data)]?.p95 };
    });
    const ordered = sortStreams(items, sort).map((i) => i.stream);
    const wanted = ordered.map((s) => card(s).el);
    if (wanted.length !== grid.children.length || wanted.some((el, i) => grid.children[i] !== el)) grid.replaceChildren(...wanted);
    for (const s of ordered) fill(cards.get(s), s);
    if (!streams.length) {
      // Nothing is claimed before the streams are known (the page may still be waiting for a token).
      const text = !loaded ? 'Loading streams…' : filter ? `No stream matches “${filter}”.` : 'No streams yet: send some events.';
      grid.replaceChildren(h('p', { class: 'empty', id: 'cards-empty' }, text));
    }
    banner.hidden = live.status === 'connected' || !live.everConnected;
    if (loaded && !performance.getEntriesByName('pulseboard:usable').length) {
      // The first view is usable: the streams and their numbers are on screen (bench/dashboard-load.sh reads this).
      performance.mark('pulseboard:usable');
    }
  }

  function shownRows() {
    const now = live.now();
    return shown().map((s) => ({ stream: s, ...currentOf(s), minutes: live.hasMinutes() ? live.minutesOf(s) : null }))
      .filter((r) => r.data)
      .map((r) => ({ ...r, last1m: r.minutes && rolling(r.minutes, now, 1), last5m: r.minutes && rolling(r.minutes, now, 5) }));
  }

  function exportCsv() {
    const rows = shownRows();
    const names = valueNames(rows.map((r) => r.data));
    const columns = [
      { name: 'stream', get: (r) => r.stream },
      { name: 'live', get: (r) => r.live },
      ...['hour', 'count', 'errors', 'error_rate', 'rate_per_s'].map((n) => ({ name: n, get: (r) => r.data[n] })),
      ...names.flatMap((v) => ['p50', 'p95', 'p99'].map((p) => ({ name: `${v}.${p}`, get: (r) => r.data.values?.[v]?.[p] }))),
      { name: 'rate_per_s_1m', get: (r) => r.last1m?.perSecond },
      { name: 'error_rate_1m', get: (r) => r.last1m?.errorRate },
      { name: 'rate_per_s_5m', get: (r) => r.last5m?.perSecond },
      { name: 'error_rate_5m', get: (r) => r.last5m?.errorRate },
    ];
    downloadCsv('streams.csv', rows, columns);
  }

  function exportJson() {
    downloadJson('streams.json', shownRows().map((r) => ({
      live: r.live, ...r.data,
      last_1m: r.last1m && { rate_per_s: r.last1m.perSecond, error_rate: r.last1m.errorRate, count: r.last1m.count, seconds: r.last1m.seconds },
      last_5m: r.last5m && { rate_per_s: r.last5m.perSecond, error_rate: r.last5m.errorRate, count: r.last5m.count, seconds: r.last5m.seconds },
    })));
  }

  async function loadSummaries() {
    try {
      const list = await api('/api/streams');
      for (const s of list) summaries.set(s.stream, s);
      loaded = true;
      notes.replaceChildren();
      resubscribe();
      render();
    } catch (e) {
      replace(notes, errorNote(e));
    }
  }

  const stop = listen(live, {
    metrics: render,
    minutes: render,
    alert: render,
    status: render,
    resync: loadSummaries,
    streams: () => {
      resubscribe();
      render();
    },
  });
  const slide = setInterval(render, SLIDE_MS);
  subscribe();
  loadSummaries();
  render();
  return () => {
    stopped = true;
    stop();
    clearInterval(slide);
  };
}

function readChoices() {
  try {
    const stored = JSON.parse(localStorage.getItem(VALUES_KEY) || '{}');
    return stored && typeof stored === 'object' ? stored : {};
  } catch {
    return {};
  }
}

function saveChoices(chosen) {
  localStorage.setItem(VALUES_KEY, JSON.stringify(chosen));
}
