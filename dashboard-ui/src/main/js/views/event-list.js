// The list of recent events that the Events panel of a stream and the Errors view share: the newest page over
// REST, then the live `event` frames of its subscription, newest first; pause and resume; filters by status,
// error type, tag, text (and stream, across streams); "N skipped" from the frames; each event expands to all
// its fields; "Load older" reads on below the oldest one. Without a live feed (a gateway that refuses the kind)
// it reads the newest page again every few seconds instead. Everything from events goes in as text.
import { h, replace } from '../dom.js';
import * as fmt from '../format.js';
import { isGlob } from '../glob.js';
import { EventList, cursorOf, parseTag } from '../events.js';
import { button, errorNote, listen, throttle, toolbar } from './common.js';

const PAGE_SIZE = 50;
// Without a live feed of events, how often the newest page is read again.
const POLL_MS = 10000;

/**
 * An event list, as {el, stop}. Options:
 * - id: the id of its section (its controls' ids start with it), title: its heading
 * - live, owner: the live feed, and the name its subscription goes by there
 * - streams, kind: what it subscribes to ('events' or 'errors')
 * - read({status, stream, limit, before}): a page over REST, {events, next}
 * - status: a fixed status (the Errors view); without it the list has a status filter
 * - byStream: events of many streams: each shows its stream (a link, by streamHref), and a stream filter
 * - accept(recentEvent): whether a frame of the feed belongs in this list
 */
export function eventList(o) {
  const list = new EventList();
  const filter = { status: o.status || '', errorType: '', tag: null, text: '', stream: '' };
  const rows = new Map(); // ref -> its row, kept across redraws so that an expanded one stays expanded
  let generation = 0; // of the server's part of the filter: an answer to an earlier one is dropped
  let polling = null;
  let stopped = false;
  let typesKey = null;

  const id = (name) => `${o.id}-${name}`;
  const statusSelect = h('select', { id: id('status'), 'aria-label': 'Status' },
    h('option', { value: '' }, 'any status'), h('option', { value: 'error' }, 'errors'), h('option', { value: 'ok' }, 'ok'));
  const typeSelect = h('select', { id: id('error-type'), 'aria-label': 'Error type' });
  const tagInput = h('input', { id: id('tag'), type: 'search', placeholder: 'tag: key=value', 'aria-label': 'Tag (key=value, or a key)' });
  const textInput = h('input', { id: id('text'), type: 'search', placeholder: 'text in message, error type, tags, source, id', 'aria-label': 'Text' });
  const streamInput = o.byStream
    ? h('input', { id: id('stream'), type: 'search', placeholder: 'stream: name, part of one, or glob', 'aria-label': 'Stream' })
    : null;
  const pauseButton = button('Pause', togglePause, { id: id('pause'), 'aria-pressed': 'false' });
  const arrivedNote = h('span', { class: 'arrived', 'data-field': 'arrived', hidden: true });
  const skippedNote = h('span', { class: 'notes', 'data-field': 'skipped', hidden: true,
    title: 'Events of this feed that the live sample or the gateway left out since the list opened: counted, not shown' });
  const liveNote = h('span', { class: 'live-note', 'data-field': 'live' });
  const tagError = h('p', { class: 'field-error', 'data-error-for': 'tag' });
  const notes = h('div', { class: 'notes' });
  const shownNote = h('p', { class: 'notes', 'data-field': 'shown' });
  const rowsBox = h('ol', { class: 'event-rows' });
  const olderButton = button('Load older', loadOlder, { id: id('older') });
  const noOlderNote = h('p', { class: 'empty', 'data-field': 'no-older', hidden: true }, 'No older events kept.');

  const el = h('section', { class: 'event-list', id: o.id },
    h('h2', {}, o.title, ' ', liveNote),
    toolbar(o.status ? null : statusSelect, typeSelect, tagInput, textInput, streamInput),
    tagError,
    toolbar(pauseButton, arrivedNote, skippedNote),
    notes, shownNote, rowsBox, olderButton, noOlderNote);

  const render = throttle(draw, 250);
  statusSelect.addEventListener('change', () => {
    filter.status = statusSelect.value;
    reload();
  });
  typeSelect.addEventListener('change', () => {
    filter.errorType = typeSelect.value;
    draw();
  });
  tagInput.addEventListener('input', () => {
    try {
      filter.tag = parseTag(tagInput.value);
      tagError.textContent = '';
    } catch (e) {
      filter.tag = null; // a tag filter that cannot be read filters nothing, and says why
      tagError.textContent = e.message;
    }
    render();
  });
  textInput.addEventListener('input', () => {
    filter.text = textInput.value;
    render();
  });
  streamInput?.addEventListener('input', () => {
    const before = serverQuery().stream;
    filter.stream = streamInput.value.trim();
    if (serverQuery().stream !== before) reload();
    else render();
  });

  /** The part of the filter the REST API applies: the status, and a stream glob. */
  function serverQuery() {
    return { status: filter.status || undefined, stream: o.byStream && isGlob(filter.stream) ? filter.stream : undefined };
  }

  function togglePause() {
    if (list.paused) list.resume();
    else list.pause();
    draw();
  }

  /** The newest page for the query; `asLive`: taken like live events (held while paused), for what came meanwhile. */
  async function loadNewest(asLive) {
    const mine = generation;
    try {
      const page = await o.read({ ...serverQuery(), limit: PAGE_SIZE });
      if (mine !== generation || stopped) return;
      const events = page.events || [];
      if (asLive) [...events].reverse().forEach((e) => list.live(e));
      else list.page(events);
      const last = page.next === null || page.next === undefined;
      // A new query's first page says whether there is more; a page read again only that there is no more.
      if (last || !asLive) list.noOlder = last;
      notes.replaceChildren();
    } catch (e) {
      if (mine !== generation || stopped) return;
      replace(notes, errorNote(e));
    }
    draw();
  }

  /** The server's part of the filter changed: read its newest page. */
  function reload() {
    generation++;
    draw();
    loadNewest(false);
  }

  async function loadOlder() {
    const query = serverQuery();
    const oldest = list.shown({ status: query.status, stream: query.stream }).at(-1);
    if (!oldest) {
      loadNewest(false);
      return;
    }
    const mine = generation;
    olderButton.disabled = true;
    try {
      const page = await o.read({ ...query, limit: PAGE_SIZE, before: cursorOf(oldest) });
      if (mine !== generation || stopped) return;
      list.older(page.events, page.next);
      notes.replaceChildren();
    } catch (e) {
      if (mine !== generation || stopped) return;
      replace(notes, errorNote(e));
    } finally {
      olderButton.disabled = false;
    }
    draw();
  }

  function draw() {
    if (stopped) return;
    const shown = list.shown(filter);
    drawTypes();
    for (const ref of rows.keys()) if (!list.refs.has(ref)) rows.delete(ref);
    const wanted = shown.map((e) => rowOf(e));
    if (wanted.length !== rowsBox.children.length || wanted.some((r, i) => rowsBox.children[i] !== r)) rowsBox.replaceChildren(...wanted);
    const filtered = shown.length !== list.items.length;
    shownNote.textContent = list.items.length
      ? `${fmt.count(shown.length)} ${shown.length === 1 ? 'event' : 'events'} shown${filtered ? ` of ${fmt.count(list.items.length)} held` : ''}, newest first`
      : 'No events yet.';
    pauseButton.textContent = list.paused ? 'Resume' : 'Pause';
    pauseButton.setAttribute('aria-pressed', String(list.paused));
    arrivedNote.hidden = !list.paused;
    arrivedNote.textContent = `paused: ${fmt.count(list.arrived)} new`;
    skippedNote.hidden = !list.skipped;
    skippedNote.textContent = `${fmt.count(list.skipped)} skipped`;
    olderButton.hidden = list.noOlder;
    noOlderNote.hidden = !list.noOlder;
    const state = polling ? 'polled' : o.live.status === 'connected' ? 'live' : 'not-live';
    el.dataset.live = state;
    liveNote.textContent = { live: 'live', 'not-live': 'not live', polled: `read every ${POLL_MS / 1000} s` }[state];
    liveNote.title = state === 'polled' ? 'This gateway sends no live events: the newest are read over REST instead' : '';
  }

  /** The error types to choose from: those held, and the chosen one. */
  function drawTypes() {
    const types = list.errorTypes();
    if (filter.errorType && !types.includes(filter.errorType)) types.push(filter.errorType);
    const key = types.join('\n');
    if (key === typesKey) return;
    typesKey = key;
    replace(typeSelect, h('option', { value: '' }, 'any error type'), types.map((t) => h('option', { value: t }, t)));
    typeSelect.value = filter.errorType;
  }

  function rowOf(re) {
    let row = rows.get(re.ref);
    if (!row) rows.set(re.ref, (row = eventRow(re, o)));
    return row;
  }

  function startPolling() {
    if (polling || stopped) return;
    polling = setInterval(() => loadNewest(true), POLL_MS);
    draw();
  }

  o.live.wish(o.owner, o.streams, [o.kind]);
  const stop = listen(o.live, {
    event: (e) => {
      if (!o.accept(e.detail.data)) return;
      list.live(e.detail.data, e.detail.skipped);
      render();
    },
    // Back after a lost connection: what arrived meanwhile is on REST.
    resync: () => loadNewest(true),
    refused: (e) => {
      if (e.detail === o.kind) startPolling();
    },
    status: render,
  });
  if (!o.live.supports(o.kind)) startPolling();
  draw();
  loadNewest(false);

  return {
    el,
    list,
    stop() {
      stopped = true;
      generation++;
      clearInterval(polling);
      stop();
      o.live.wish(o.owner, [], []);
    },
  };
}

/** One event: a line to scan (received, stream, status, error type, message, source) that opens to all its fields. */
export function eventRow(re, { byStream, streamHref } = {}) {
  const e = re.event || {};
  const status = e.status || 'ok';
  const field = (name, value) => h('span', { 'data-field': name }, value ?? '');
  const summary = h('summary', {},
    // When it was received: the order of the list (its own time may be earlier, for a late event).
    h('time', { 'data-field': 'received', datetime: re.received, title: `received ${fmt.instant(re.received)}, event time ${fmt.instant(e.time)}` },
      fmt.clock(re.received)),
    byStream ? h('span', { class: 'event-stream', 'data-field': 'stream' },
      streamHref ? h('a', { href: streamHref(re.stream) }, re.stream) : re.stream) : null,
    h('span', { class: 'status', dataset: { status }, 'data-field': 'status' }, status),
    e.error_type ? field('error-type', e.error_type) : null,
    h('span', { class: 'message', 'data-field': 'message' }, e.message ?? ''),
    e.source ? h('span', { class: 'source', 'data-field': 'source' }, e.source) : null);
  const entry = (label, ...value) => [h('dt', {}, label), h('dd', {}, ...value)];
  const pairs = (obj, show) => {
    const entries = Object.entries(obj || {});
    return entries.length ? h('ul', { class: 'pairs' }, entries.map(([k, v]) => h('li', {}, h('code', {}, k), ' = ', show(v)))) : '—';
  };
  const fields = h('dl', { class: 'event-fields' },
    entry('time', fmt.instant(e.time)),
    entry('received', fmt.instant(re.received)),
    entry('stream', re.stream ?? e.stream ?? '—'),
    entry('status', status),
    entry('error type', e.error_type ?? '—'),
    entry('message', e.message ?? '—'),
    entry('values', pairs(e.values, (v) => String(v))),
    entry('tags', pairs(e.tags, (v) => String(v))),
    entry('source', e.source ?? '—'),
    entry('id', e.id ?? '—'),
    entry('ref', re.ref));
  return h('li', { class: 'event-row', dataset: { ref: re.ref, status, stream: re.stream ?? '' } },
    h('details', {}, summary, fields));
}
