// The event list, the Errors view and the dead-letters view, built in a DOM without an HTML parser: what comes
// from events and dead letters (hostile strings included) is shown as text and never becomes markup; the list
// follows its live feed, pauses, filters, pages and falls back to REST when the gateway has no feed of events.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Element, installDom, textNodes } from '../fakes/dom.js';

let doc = installDom();
const storage = new Map();
globalThis.sessionStorage = { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) };

const { eventList, eventRow } = await import('../../main/js/views/event-list.js');
const { errors } = await import('../../main/js/views/errors.js');
const { deadLetters } = await import('../../main/js/views/dead-letters.js');

const HOSTILE = '<img src=x onerror="alert(document.cookie)">';
const SCRIPT = '</textarea><script>alert(1)</script>';

/** The page's live feed as the views use it: subscriptions by owner, the kinds it supports, events. */
class FeedStub extends EventTarget {
  constructor() {
    super();
    this.status = 'connected';
    this.wishes = new Map();
    this.refused = new Set();
  }
  wish(owner, streams, kinds) {
    if (streams.length) this.wishes.set(owner, { streams, kinds });
    else this.wishes.delete(owner);
  }
  want(streams, kinds) {
    this.wish('view', streams, kinds);
  }
  supports(kind) {
    return !this.refused.has(kind);
  }
  frame(data, skipped = 0) {
    this.dispatchEvent(new CustomEvent('event', { detail: { data, skipped } }));
  }
}

function recent(ref, ms, event = {}) {
  const stream = event.stream || 'a.api';
  return { ref, received: new Date(Date.parse('2026-11-22T10:15:30Z') + ms).toISOString(), stream,
    event: { stream, time: new Date(Date.parse('2026-11-22T10:15:29Z') + ms).toISOString(), status: 'ok', ...event } };
}

const hostileEvent = recent('0:7', 7, {
  status: 'error', error_type: HOSTILE, message: HOSTILE, source: SCRIPT, id: HOSTILE,
  tags: { [HOSTILE]: SCRIPT, region: HOSTILE }, values: { latency_ms: 812.5 },
});

/** Nothing below `node` is markup made from data: no such element, no handler attribute, the strings as whole text nodes. */
function assertTextOnly(node, ...strings) {
  for (const el of node.descendants()) {
    assert.ok(!['img', 'script', 'textarea', 'iframe'].includes(el.localName), `an element <${el.localName}> was made from data`);
    for (const name of el.attributes.keys()) assert.ok(!/^on/i.test(name), `an attribute ${name}`);
  }
  const texts = textNodes(node).map((t) => t.data);
  for (const s of strings) assert.ok(texts.includes(s), `"${s}" is a text node of its own`);
}

/** Waits until `check` holds: the list redraws at most every 250 ms, and REST answers are promises. */
async function until(check) {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check(), 'the page got there');
}

const rowsOf = (el) => el.querySelectorAll('li.event-row').map((r) => r.dataset.ref);

let stops = [];
beforeEach(() => {
  doc = installDom();
  stops = [];
});
afterEach(() => stops.forEach((stop) => stop()));

function panel(options = {}) {
  const live = options.live || new FeedStub();
  const asked = [];
  const pages = options.pages || [{ events: [], next: null }];
  const list = eventList({
    id: 'events-panel', title: 'Events', live, owner: 'panel', streams: ['a.api'], kind: 'events',
    read: async (q) => {
      asked.push(q);
      return pages[Math.min(asked.length - 1, pages.length - 1)];
    },
    accept: (re) => re.stream === 'a.api',
    ...options,
  });
  doc.body.append(list.el);
  stops.push(list.stop);
  return { list, live, asked, el: list.el };
}

test('an event row shows every field as text, hostile strings too', () => {
  const row = eventRow(hostileEvent, { byStream: true, streamHref: (s) => `#/stream/${s}` });
  doc.body.append(row);
  assertTextOnly(row, HOSTILE, SCRIPT, '812.5', '0:7');
  assert.equal(row.querySelector('[data-field=message]').textContent, HOSTILE);
  assert.equal(row.querySelector('summary [data-field=status]').textContent, 'error');
  assert.equal(row.querySelector('summary [data-field=received]').textContent, '10:15:30', 'the line shows when it was received, the order of the list');
  assert.equal(row.querySelector('a').getAttribute('href'), '#/stream/a.api');
  const fields = row.querySelector('dl.event-fields').textContent;
  for (const part of ['received', '2026-11-22 10:15:30.007 UTC', 'latency_ms', 'region', SCRIPT]) assert.ok(fields.includes(part), part);
  assert.equal(row.querySelector('details').open, false, 'closed until the user opens it');
});

test('the list shows the REST page, then live events newest first, each once; hostile ones as text', async () => {
  const { el, live, asked } = panel({ pages: [{ events: [recent('0:2', 2), recent('0:1', 1)], next: 'c' }] });
  assert.deepEqual(live.wishes.get('panel'), { streams: ['a.api'], kinds: ['events'] });
  assert.deepEqual(asked, [{ status: undefined, stream: undefined, limit: 50 }]);
  await until(() => rowsOf(el).length === 2);
  live.frame(hostileEvent, 4);
  live.frame(recent('0:2', 2), 1); // already shown
  live.frame(recent('9:9', 9, { stream: 'b.api' })); // another stream's: not this list's
  await until(() => rowsOf(el).length === 3);
  assert.deepEqual(rowsOf(el), ['0:7', '0:2', '0:1']);
  assertTextOnly(el, HOSTILE, SCRIPT);
  assert.equal(el.querySelector('[data-field=skipped]').textContent, '5 skipped');
  assert.equal(el.dataset.live, 'live');
});

test('pause holds new events and says how many; resume inserts them', async () => {
  const { el, live } = panel({ pages: [{ events: [recent('0:1', 1)], next: null }] });
  await until(() => rowsOf(el).length === 1);
  const pause = el.querySelector('#events-panel-pause');
  pause.dispatchEvent(new Event('click'));
  assert.equal(pause.textContent, 'Resume');
  assert.equal(pause.getAttribute('aria-pressed'), 'true');
  live.frame(recent('0:2', 2));
  live.frame(recent('0:3', 3));
  await until(() => el.querySelector('[data-field=arrived]').textContent === 'paused: 2 new');
  assert.deepEqual(rowsOf(el), ['0:1']);
  assert.equal(el.querySelector('[data-field=arrived]').hidden, false);
  pause.dispatchEvent(new Event('click'));
  assert.deepEqual(rowsOf(el), ['0:3', '0:2', '0:1']);
  assert.equal(el.querySelector('[data-field=arrived]').hidden, true);
});

test('text and tag filters narrow the rows; a tag filter without a key says what is wrong', async () => {
  const { el } = panel({ pages: [{ events: [
    recent('0:1', 1, { message: 'fine', tags: { region: 'eu-west' } }),
    recent('0:2', 2, { status: 'error', message: 'upstream timed out', tags: { region: 'us-east' } }),
  ], next: null }] });
  await until(() => rowsOf(el).length === 2);
  const text = el.querySelector('#events-panel-text');
  text.value = 'TIMED';
  text.dispatchEvent(new Event('input'));
  await until(() => rowsOf(el).length === 1);
  assert.deepEqual(rowsOf(el), ['0:2']);
  assert.equal(el.querySelector('[data-field=shown]').textContent, '1 event shown of 2 held, newest first');
  text.value = '';
  text.dispatchEvent(new Event('input'));
  const tag = el.querySelector('#events-panel-tag');
  tag.value = 'region=eu-west';
  tag.dispatchEvent(new Event('input'));
  await until(() => rowsOf(el).join() === '0:1');
  tag.value = '=eu-west';
  tag.dispatchEvent(new Event('input'));
  await until(() => rowsOf(el).length === 2);
  assert.match(el.querySelector('[data-error-for=tag]').textContent, /has no tag name before "="/);
});

test('the status filter asks the server for that status; "Load older" reads on below the oldest shown', async () => {
  const { el, asked } = panel({ pages: [
    { events: [recent('0:3', 3), recent('0:2', 2, { status: 'error' })], next: 'n1' },
    { events: [recent('0:2', 2, { status: 'error' }), recent('1:1', 1, { status: 'error' })], next: 'n2' },
    { events: [recent('1:0', 0, { status: 'error' })], next: null },
  ] });
  await until(() => rowsOf(el).length === 2);
  const status = el.querySelector('#events-panel-status');
  status.value = 'error';
  status.dispatchEvent(new Event('change'));
  await until(() => rowsOf(el).length === 2 && rowsOf(el)[1] === '1:1');
  assert.deepEqual(asked[1], { status: 'error', stream: undefined, limit: 50 });
  assert.deepEqual(rowsOf(el), ['0:2', '1:1']);
  el.querySelector('#events-panel-older').dispatchEvent(new Event('click'));
  await until(() => rowsOf(el).length === 3);
  assert.deepEqual(asked[2], { status: 'error', stream: undefined, limit: 50, before: `${Date.parse('2026-11-22T10:15:30.001Z')}:1:1` });
  assert.equal(el.querySelector('#events-panel-older').hidden, true);
  assert.equal(el.querySelector('[data-field=no-older]').hidden, false);
});

test('without a live feed of events the list reads REST instead, and says so', async () => {
  const live = new FeedStub();
  const { el } = panel({ live, pages: [{ events: [recent('0:1', 1)], next: null }] });
  live.refused.add('events');
  live.dispatchEvent(new CustomEvent('refused', { detail: 'events' }));
  assert.equal(el.dataset.live, 'polled');
  assert.equal(el.querySelector('[data-field=live]').textContent, 'read every 10 s');
  await until(() => rowsOf(el).length === 1);
});

test('the Errors view lists errors of every stream with their stream, as text, and filters by stream', async () => {
  const asked = [];
  globalThis.fetch = async (url) => {
    asked.push(url);
    const body = { events: [hostileEvent, recent('0:3', 3, { status: 'error', stream: 'b.web', message: 'Bad Gateway' })], next: null };
    return { status: 200, ok: true, text: async () => JSON.stringify(body) };
  };
  const live = new FeedStub();
  const root = doc.body.appendChild(new Element('main'));
  stops.push(errors(root, live, { href: ({ stream }) => `#/stream/${stream}` }));
  assert.deepEqual(live.wishes.get('errors-view'), { streams: ['**'], kinds: ['errors'] });
  assert.equal(live.wishes.has('view'), false, 'the view needs no metrics');
  assert.equal(asked[0], '/api/events/recent?status=error&limit=50');
  const el = root.querySelector('#errors-list');
  await until(() => rowsOf(el).length === 2);
  assertTextOnly(root, HOSTILE, SCRIPT, 'Bad Gateway');
  assert.equal(el.querySelector('#errors-list-status'), null, 'errors only: no status to choose');
  live.frame(recent('0:9', 9, { status: 'ok' })); // not an error: not this view's
  live.frame(recent('0:8', 8, { status: 'error', stream: 'b.web' }), 2);
  await until(() => rowsOf(el).length === 3);
  assert.equal(el.querySelector('li[data-ref="0:8"] a').getAttribute('href'), '#/stream/b.web');
  const stream = el.querySelector('#errors-list-stream');
  stream.value = 'b.*';
  stream.dispatchEvent(new Event('input'));
  await until(() => asked.length === 2);
  assert.equal(asked[1], '/api/events/recent?status=error&stream=b.*&limit=50', 'a glob is asked of the server');
  await until(() => rowsOf(el).length === 2);
  assert.deepEqual(rowsOf(el), ['0:8', '0:3']);
});

test('the dead-letters view shows totals, counts and the raw records as text, and clears the badge', async () => {
  const asked = [];
  globalThis.fetch = async (url) => {
    asked.push(url);
    const body = {
      since: '2026-11-21T10:15:00Z', total: 3, by_reason: { too_old: 2, record_key: 1 },
      counts: [{ stream: 'a.api', reason_code: 'too_old', count: 2 }, { stream: null, reason_code: 'record_key', count: 1 }],
      last: [
        { time: '2026-11-22T10:15:30.5Z', stream: null, reason_code: 'record_key', reason: HOSTILE, source: 'pulse.events-2@120457',
          key: SCRIPT, value: `{"message":"${HOSTILE}"}`, truncated: true },
        { time: '2026-11-22T10:15:29Z', stream: 'a.api', reason_code: 'too_old', reason: 'older than 7 d', source: 'pulse.events-1@5',
          key: null, value: '{"stream":"a.api"}', truncated: false },
      ],
    };
    return { status: 200, ok: true, text: async () => JSON.stringify(body) };
  };
  let seen = 0;
  const live = new FeedStub();
  const root = doc.body.appendChild(new Element('main'));
  stops.push(deadLetters(root, live, {}, { seen: () => seen++ }));
  assert.equal(seen, 1, 'opening the view clears the badge');
  assert.equal(asked[0], '/api/dead-letters?since=now-24h');
  await until(() => root.querySelectorAll('tr.dead-letter').length === 2);
  assertTextOnly(root, HOSTILE, SCRIPT, `{"message":"${HOSTILE}"}`);
  assert.equal(root.querySelector('#dead-letters-summary [data-field=total]').textContent, '3');
  assert.equal(root.querySelector('#dead-letters-by-reason tr[data-reason=too_old] [data-field=count]').textContent, '2');
  const rows = root.querySelectorAll('tr.dead-letter');
  assert.equal(rows[0].querySelector('[data-field=truncated]').textContent, 'cut at 4 KiB');
  assert.equal(rows[1].querySelector('[data-field=truncated]'), null);
  assert.equal(rows[0].querySelector('[data-field=stream]').textContent, '(none)');
  assert.equal(rows[1].querySelector('[data-field=key]'), null, 'no key');
  root.querySelector('#dead-letters-span').value = '1h';
  root.querySelector('#dead-letters-span').dispatchEvent(new Event('change'));
  assert.equal(asked[1], '/api/dead-letters?since=now-1h');
});
