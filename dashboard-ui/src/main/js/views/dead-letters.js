// Dead letters: what the aggregator could not count, over a chosen span (GET /api/dead-letters): totals by
// reason, counts by stream and reason, and the last 100 with their reason, source and raw record as text.
// Opening it clears the badge at the top; a notice of the live feed reads it again once the aggregator has
// stored what the notice announced.
import { h, replace } from '../dom.js';
import { api, query } from '../api.js';
import * as fmt from '../format.js';
import { button, errorNote, listen, table, toolbar } from './common.js';

const SPANS = { '1h': 'last hour', '24h': 'last 24 h', '168h': 'last 7 d', '720h': 'last 30 d' };
const DEFAULT_SPAN = '24h';
// The aggregator stores dead letters with its checkpoint, at most its persist interval (2 s) after the notice.
const AFTER_NOTICE_MS = 2500;
// While the view is open it reads again this often, for what a notice announced before it opened.
const REFRESH_MS = 10000;

export function deadLetters(root, live, nav, badge) {
  let span = DEFAULT_SPAN;
  let generation = 0;
  let stopped = false;
  let soon = null;
  const spanSelect = h('select', { id: 'dead-letters-span', 'aria-label': 'Span' },
    Object.entries(SPANS).map(([value, label]) => h('option', { value, selected: value === span }, label)));
  const notes = h('div', { class: 'notes' });
  const summary = h('dl', { class: 'summary', id: 'dead-letters-summary' });
  const byReason = h('div', { id: 'dead-letters-by-reason' });
  const byStream = h('div', { id: 'dead-letters-by-stream' });
  const last = h('div', { id: 'dead-letters-last' });

  spanSelect.addEventListener('change', () => {
    span = spanSelect.value;
    load();
  });
  root.append(h('h1', {}, 'Dead letters'),
    h('p', { class: 'notes' }, 'Records the aggregator could not count, and why. Replay them once fixed with pulse dlq export and pulse pipe.'),
    toolbar(spanSelect, button('Refresh', () => load(), { id: 'dead-letters-refresh' })),
    notes, summary,
    h('h2', {}, 'By reason'), byReason,
    h('h2', {}, 'By stream and reason'), byStream,
    h('h2', {}, 'Last dead letters'), last);

  async function load() {
    const mine = ++generation;
    badge.seen();
    try {
      const s = await api(`/api/dead-letters?${query({ since: `now-${span}` })}`);
      if (mine !== generation || stopped) return;
      notes.replaceChildren();
      draw(s);
    } catch (e) {
      if (mine !== generation || stopped) return;
      replace(notes, errorNote(e));
    }
  }

  function draw(s) {
    replace(summary,
      h('dt', {}, 'since'), h('dd', {}, fmt.time(s.since)),
      h('dt', {}, 'dead letters'), h('dd', { 'data-field': 'total' }, fmt.count(s.total)));
    const reasons = Object.entries(s.by_reason || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    replace(byReason, reasons.length
      ? table(['reason', 'count'], reasons.map(([code, n]) => h('tr', { dataset: { reason: code } },
        h('td', {}, h('code', {}, code)), h('td', { 'data-field': 'count' }, fmt.count(n)))))
      : h('p', { class: 'empty' }, `No dead letters in the ${SPANS[span]}.`));
    const counts = [...(s.counts || [])].sort((a, b) => b.count - a.count);
    replace(byStream, counts.length
      ? table(['stream', 'reason', 'count'], counts.map((c) => h('tr', {},
        h('td', {}, c.stream ?? '(none)'), h('td', {}, h('code', {}, c.reason_code)), h('td', {}, fmt.count(c.count)))))
      : h('p', { class: 'empty' }, 'None.'));
    const letters = s.last || [];
    replace(last, letters.length
      ? table(['time', 'stream', 'reason', 'source', 'key', 'value'], letters.map((d) => h('tr', { class: 'dead-letter', dataset: { reason: d.reason_code } },
        h('td', {}, fmt.instant(d.time)),
        h('td', { 'data-field': 'stream' }, d.stream ?? '(none)'),
        h('td', {}, h('code', {}, d.reason_code), h('div', { 'data-field': 'reason' }, d.reason ?? '')),
        h('td', { 'data-field': 'source' }, d.source ?? ''),
        h('td', {}, d.key === null || d.key === undefined ? h('span', { class: 'empty' }, '(no key)') : h('code', { 'data-field': 'key' }, d.key)),
        h('td', {}, h('pre', { class: 'raw', 'data-field': 'value' }, d.value ?? ''),
          d.truncated ? h('span', { class: 'notes', 'data-field': 'truncated' }, 'cut at 4 KiB') : null))))
      : h('p', { class: 'empty' }, 'None.'));
  }

  const stop = listen(live, {
    dead_letters: () => {
      clearTimeout(soon);
      soon = setTimeout(load, AFTER_NOTICE_MS);
    },
    resync: () => load(),
  });
  const refresh = setInterval(load, REFRESH_MS);
  // The view's own subscription is the badge's (dead letters, whatever the view).
  live.want([]);
  load();
  return () => {
    stopped = true;
    generation++;
    clearTimeout(soon);
    clearInterval(refresh);
    stop();
  };
}
