// The live feed's protocol logic against a scripted socket: subscriptions follow what the page wants,
// a reconnect subscribes again, numbers from before it are not live until the snapshot replaces them,
// minutes are kept by revision, and the status is the socket's.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

const sockets = [];
class ScriptedSocket extends EventTarget {
  static OPEN = 1;
  constructor(url) {
    super();
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    sockets.push(this);
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { this.readyState = 3; this.dispatchEvent(new Event('close')); }
  open() { this.readyState = 1; this.dispatchEvent(new Event('open')); }
  receive(message) { this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(message) })); }
}
const storage = new Map();
globalThis.window = new EventTarget();
globalThis.navigator = { onLine: true };
globalThis.location = { protocol: 'http:', host: 'gateway:8080' };
globalThis.sessionStorage = { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) };
globalThis.WebSocket = ScriptedSocket;
globalThis.fetch = async () => ({ status: 200 });

const { Live } = await import('../../main/js/live.js');
const { periodStart } = await import('../../main/js/minutes.js');

const metrics = (stream, count, revision, hour = '2026-11-22T10:00:00Z') => ({ type: 'metrics', data: { stream, hour, count, revision } });

let live;
beforeEach(() => {
  sockets.length = 0;
  storage.clear();
  navigator.onLine = true;
  globalThis.window = new EventTarget(); // the browser's online and offline events, for this test's feed only
  live = new Live();
});

/** Lets a retry's pending steps run, then cancels its reconnect timer. */
async function settle() {
  await new Promise((resolve) => setImmediate(resolve));
  clearTimeout(live.timer);
}

function connected() {
  live.start();
  const socket = sockets.at(-1);
  socket.open();
  socket.receive({ type: 'welcome', streams: ['a.api'], heartbeat_interval_ms: 15000 });
  return socket;
}

test('subscribes to what the page wants, and only changes the difference', () => {
  live.want(['a.*']);
  const socket = connected();
  assert.equal(live.status, 'connected');
  assert.deepEqual(socket.sent, [{ type: 'subscribe', streams: ['a.*'], kinds: ['alerts', 'metrics'] }]);
  live.want(['a.*', 'b.api']);
  live.want(['b.api']);
  assert.deepEqual(socket.sent.slice(1), [
    { type: 'subscribe', streams: ['b.api'], kinds: ['alerts', 'metrics'] },
    { type: 'unsubscribe', streams: ['a.*'] },
  ]);
  live.want(['b.api'], ['alerts']);
  assert.deepEqual(socket.sent.slice(3), [
    { type: 'unsubscribe', streams: ['b.api'] },
    { type: 'subscribe', streams: ['b.api'], kinds: ['alerts'] },
  ]);
});

test('too many names become one subscription to everything', () => {
  live.want(Array.from({ length: 101 }, (_, i) => `s.${i}`));
  const socket = connected();
  assert.deepEqual(socket.sent, [{ type: 'subscribe', streams: ['**'], kinds: ['alerts', 'metrics'] }]);
});

test('the token goes on the WebSocket address', () => {
  storage.set('pulseboard.token', 'se cret');
  live.start();
  assert.equal(sockets[0].url, 'ws://gateway:8080/ws?token=se%20cret');
});

test('after a reconnect the old numbers are not live until the snapshot resends them', async () => {
  live.want(['**']);
  const first = connected();
  first.receive(metrics('a.api', 5, 3));
  first.receive(metrics('a.api', 4, 2)); // an older state arriving late changes nothing
  assert.equal(live.current('a.api').data.count, 5);
  assert.ok(live.isLive(live.current('a.api')));

  first.close();
  assert.equal(live.status, 'reconnecting');
  assert.ok(!live.isLive(live.current('a.api')), 'not live while disconnected');
  await new Promise((resolve) => setImmediate(resolve));
  clearTimeout(live.timer);

  live.connect();
  const second = sockets.at(-1);
  second.open();
  second.receive({ type: 'welcome', streams: ['a.api'] });
  assert.equal(live.status, 'connected');
  assert.deepEqual(second.sent, [{ type: 'subscribe', streams: ['**'], kinds: ['alerts', 'metrics'],
    have: { 'a.api@2026-11-22T10:00:00Z': 3 } }], 'subscribed again, saying what it has');
  assert.ok(!live.isLive(live.current('a.api')), 'stale until the server answers');
  second.receive(metrics('a.api', 5, 3)); // a snapshot of the same revision (from a gateway that ignores `have`): current
  assert.ok(live.isLive(live.current('a.api')));
  second.receive(metrics('a.api', 9, 4, '2026-11-22T11:00:00Z'));
  assert.equal(live.current('a.api').data.count, 9, 'the newest hour is the current one');
});

test('active alerts are the pending and firing ones, at their latest revision', () => {
  const socket = connected();
  socket.receive({ type: 'alert', data: { id: 'x', stream: 'a', state: 'pending', revision: 1 } });
  socket.receive({ type: 'alert', data: { id: 'x', stream: 'a', state: 'firing', revision: 2 } });
  socket.receive({ type: 'alert', data: { id: 'y', stream: 'b', state: 'resolved', revision: 3 } });
  assert.deepEqual(live.activeAlerts().map((a) => [a.id, a.state]), [['x', 'firing']]);
});

test('a reconnect sends what the page holds, never takes a lower revision, and keeps what the server left out', async () => {
  live.want(['a.*']);
  const first = connected();
  first.receive(metrics('a.api', 50, 7));
  first.receive(metrics('a.web', 20, 4));
  first.receive(metrics('b.api', 1, 1)); // not covered by the subscription: not named in `have`
  first.close();
  await new Promise((resolve) => setImmediate(resolve));
  clearTimeout(live.timer);

  live.connect();
  const second = sockets.at(-1);
  second.open();
  second.receive({ type: 'welcome', streams: ['a.api', 'a.web'] });
  assert.deepEqual(second.sent, [{
    type: 'subscribe', streams: ['a.*'], kinds: ['alerts', 'metrics'],
    have: { 'a.api@2026-11-22T10:00:00Z': 7, 'a.web@2026-11-22T10:00:00Z': 4 },
  }]);
  second.receive({ type: 'subscribed', streams: ['a.*'], kinds: ['metrics', 'alerts'] });
  // The server left out what the page has at that revision: it is current again.
  assert.ok(live.isLive(live.current('a.api')));
  // A replayed, older state never replaces a newer one, before or after a reconnect.
  second.receive(metrics('a.api', 43, 6));
  assert.equal(live.current('a.api').data.count, 50);
  second.receive(metrics('a.web', 21, 5));
  assert.equal(live.current('a.web').data.count, 21);
});

test('minutes: the snapshot and live frames are kept per minute, never at a lower revision, for the last hour only', () => {
  live.want(['**'], ['metrics', 'minutes', 'alerts']);
  const socket = connected();
  assert.deepEqual(socket.sent, [{ type: 'subscribe', streams: ['**'], kinds: ['alerts', 'metrics', 'minutes'] }]);
  assert.ok(!live.hasMinutes());
  socket.receive({ type: 'subscribed', streams: ['**'], kinds: ['metrics', 'minutes', 'alerts'] });
  assert.ok(live.hasMinutes());
  const changed = [];
  live.addEventListener('minutes', (e) => changed.push(e.detail));
  const now = periodStart(Date.now());
  const at = (m) => new Date(now - m * 60_000).toISOString();
  socket.receive({ type: 'minutes', stream: 'a.api', data: [
    { stream: 'a.api', hour: at(3), count: 4, errors: 1, revision: 5 },
    { stream: 'a.api', hour: at(1), count: 2, errors: 0, revision: 6 }] });
  socket.receive({ type: 'minute', data: { stream: 'a.api', hour: at(1), count: 3, errors: 0, revision: 7 } });
  socket.receive({ type: 'minute', data: { stream: 'a.api', hour: at(1), count: 1, errors: 0, revision: 6 } }); // late and older
  socket.receive({ type: 'minute', data: { stream: 'a.api', hour: at(61), count: 9, errors: 0, revision: 8 } }); // before the window
  const held = live.minutesOf('a.api').map((m) => [m.hour, m.count]).sort();
  assert.deepEqual(held, [[at(3), 4], [at(1), 3]].sort());
  assert.deepEqual(changed, ['a.api', 'a.api', 'a.api', 'a.api']);
  assert.ok(live.known.has('a.api'));
});

test('the first connection says connecting, and offline once retrying keeps failing', async () => {
  live.start();
  sockets.at(-1).close(); // refused before it opened
  assert.equal(live.status, 'connecting', 'never connected: nothing was lost');
  await settle();
  for (let i = 0; i < 4; i++) {
    live.connect();
    sockets.at(-1).close();
    await settle();
  }
  assert.equal(live.status, 'offline');
  live.connect();
  sockets.at(-1).open();
  sockets.at(-1).receive({ type: 'welcome', streams: [] });
  assert.equal(live.status, 'connected');
});

test('a network drop the socket survives leaves the page connected', () => {
  const socket = connected();
  navigator.onLine = false;
  window.dispatchEvent(new Event('offline'));
  assert.equal(live.status, 'connected', 'the socket is still open');
  assert.equal(socket.sent.at(-1).type, 'ping', 'and is asked whether it still reaches the gateway');
  navigator.onLine = true;
  window.dispatchEvent(new Event('online'));
  socket.receive({ type: 'pong', ts: 1 });
  live.watchdog();
  assert.equal(live.socket, socket);
  assert.equal(live.status, 'connected');
  assert.equal(sockets.length, 1, 'no second connection');
});

test('a socket that stays silent after a network change is given up at once, and the status says so', async () => {
  const socket = connected();
  navigator.onLine = false;
  window.dispatchEvent(new Event('offline'));
  live.probeSince -= 6000; // the probe has waited longer than it may
  live.watchdog();
  assert.equal(live.socket, null);
  assert.equal(socket.readyState, 3);
  assert.equal(live.status, 'offline');
  await settle();
  navigator.onLine = true;
  window.dispatchEvent(new Event('online'));
  assert.equal(sockets.length, 2, 'back online: reconnects at once');
  sockets[1].open();
  sockets[1].receive({ type: 'welcome', streams: [] });
  assert.equal(live.status, 'connected');
});

test('a gateway that does not know minutes is subscribed to again without them', () => {
  live.want(['**'], ['metrics', 'minutes', 'alerts']);
  const first = connected();
  first.receive({ type: 'error', code: 'bad_request', message: 'kinds[1] is "minutes"; use "metrics" or "alerts"' });
  assert.equal(sockets.length, 2);
  const second = sockets[1];
  second.open();
  second.receive({ type: 'welcome', streams: [] });
  assert.deepEqual(second.sent, [{ type: 'subscribe', streams: ['**'], kinds: ['alerts', 'metrics'] }]);
  assert.equal(live.status, 'connected');
  assert.ok(!live.hasMinutes());
});

test("the page's clock follows the gateway's when the browser's is off by more than 2 s", () => {
  const socket = connected();
  socket.receive({ type: 'heartbeat', time: new Date(Date.now() + 120_000).toISOString() });
  assert.ok(Math.abs(live.now() - (Date.now() + 120_000)) < 1000);
  socket.receive({ type: 'heartbeat', time: new Date(Date.now() + 300).toISOString() });
  assert.equal(live.clockOffset, 0);
});

test('several parts of the page subscribe at once on one connection; a kind added is subscribed to alone', () => {
  live.want(['a.api'], ['metrics', 'minutes']);
  live.wish('badge', ['**'], ['dead_letters']);
  const socket = connected();
  assert.deepEqual(socket.sent, [
    { type: 'subscribe', streams: ['a.api'], kinds: ['metrics', 'minutes'] },
    { type: 'subscribe', streams: ['**'], kinds: ['dead_letters'] },
  ]);
  // The Events panel of the stream: its events beside the view's metrics, without a new snapshot of those.
  live.wish('panel', ['a.api'], ['events']);
  assert.deepEqual(socket.sent.slice(2), [{ type: 'subscribe', streams: ['a.api'], kinds: ['events'] }]);
  // The view now wants every stream: the badge's '**' grows by the view's kinds, and a.api keeps the panel's.
  live.want(['**'], ['metrics', 'alerts']);
  assert.deepEqual(socket.sent.slice(3), [
    { type: 'unsubscribe', streams: ['a.api'] },
    { type: 'subscribe', streams: ['**'], kinds: ['alerts', 'metrics'] },
    { type: 'subscribe', streams: ['a.api'], kinds: ['events'] },
  ]);
  assert.deepEqual(live.wanted, new Map([['**', 'alerts,dead_letters,metrics'], ['a.api', 'events']]));
});

test('a part that leaves takes its kinds with it: the name is subscribed again with the kinds still wanted', () => {
  live.want(['a.api'], ['metrics', 'minutes']);
  live.wish('panel', ['a.api'], ['events']);
  live.wish('badge', ['**'], ['dead_letters']);
  const socket = connected();
  socket.sent.length = 0;
  live.wish('panel', [], []);
  assert.deepEqual(socket.sent, [
    { type: 'unsubscribe', streams: ['a.api'] },
    { type: 'subscribe', streams: ['a.api'], kinds: ['metrics', 'minutes'] },
  ]);
  socket.sent.length = 0;
  live.want([]);
  assert.deepEqual(socket.sent, [{ type: 'unsubscribe', streams: ['a.api'] }], 'the badge stays subscribed');
  assert.deepEqual([...live.active.keys()], ['**']);
});

test('after a reconnect every part is subscribed again', async () => {
  live.want(['a.api'], ['metrics']);
  live.wish('panel', ['a.api'], ['events']);
  live.wish('badge', ['**'], ['dead_letters']);
  connected().close();
  await settle();
  live.connect();
  const second = sockets.at(-1);
  second.open();
  second.receive({ type: 'welcome', streams: ['a.api'] });
  assert.deepEqual(second.sent, [
    { type: 'subscribe', streams: ['a.api'], kinds: ['events', 'metrics'] },
    { type: 'subscribe', streams: ['**'], kinds: ['dead_letters'] },
  ]);
});

test('event and dead-letter frames reach the page with what the feed left out', () => {
  const socket = connected();
  const got = [];
  live.addEventListener('event', (e) => got.push(['event', e.detail.data.ref, e.detail.skipped]));
  live.addEventListener('dead_letters', (e) => got.push(['dead_letters', e.detail.count]));
  const data = { ref: '3:120456', received: '2026-11-22T10:15:30.130Z', stream: 'a.api', event: { stream: 'a.api', status: 'error' } };
  socket.receive({ type: 'event', data, skipped: 12 });
  socket.receive({ type: 'event', data: { ...data, ref: '3:120457' } });
  socket.receive({ type: 'dead_letters', data: { count: 3, by_reason: { too_old: 2, invalid: 1 } } });
  assert.deepEqual(got, [['event', '3:120456', 12], ['event', '3:120457', 0], ['dead_letters', 3]]);
});

test('a gateway that refuses a kind: the page logs it, connects again without it, and the views are told', () => {
  live.want(['a.api'], ['metrics', 'minutes']);
  live.wish('panel', ['a.api'], ['events']);
  live.wish('badge', ['**'], ['dead_letters']);
  const refused = [];
  live.addEventListener('refused', (e) => refused.push(e.detail));
  const warnings = [];
  const warn = console.warn;
  console.warn = (text) => warnings.push(text);
  try {
    const first = connected();
    first.receive({ type: 'error', code: 'bad_request', message: 'kinds[0] is "events"; use "metrics", "minutes" or "alerts"' });
    assert.equal(sockets.length, 2);
    sockets[1].open();
    sockets[1].receive({ type: 'welcome', streams: [] });
    sockets[1].receive({ type: 'error', code: 'bad_request', message: 'kinds[0] is "dead_letters"; use "metrics", "minutes" or "alerts"' });
    assert.equal(sockets.length, 3);
    const third = sockets[2];
    third.open();
    third.receive({ type: 'welcome', streams: [] });
    assert.deepEqual(third.sent, [{ type: 'subscribe', streams: ['a.api'], kinds: ['metrics', 'minutes'] }],
      'only what this gateway delivers; a name with nothing it delivers is not sent');
    assert.equal(live.status, 'connected');
    assert.deepEqual(refused, ['events', 'dead_letters']);
    assert.ok(!live.supports('events') && !live.supports('dead_letters') && live.supports('metrics'));
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /does not know the kind "events"/);
    // Another bad request is only logged.
    third.receive({ type: 'error', code: 'bad_request', message: 'kinds[0] is "events"; use "metrics"' });
    third.receive({ type: 'error', code: 'bad_glob', message: 'streams[0]: bad' });
    assert.equal(sockets.length, 3);
    assert.equal(warnings.length, 4);
  } finally {
    console.warn = warn;
  }
});
