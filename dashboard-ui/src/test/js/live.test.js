// The live feed's protocol logic against a scripted socket: subscriptions follow what the page wants,
// a reconnect subscribes again, and numbers from before it are not live until the snapshot replaces them.
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

const metrics = (stream, count, revision, hour = '2026-11-22T10:00:00Z') => ({ type: 'metrics', data: { stream, hour, count, revision } });

let live;
beforeEach(() => {
  sockets.length = 0;
  storage.clear();
  live = new Live();
});

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
