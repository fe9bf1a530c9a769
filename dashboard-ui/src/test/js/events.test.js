// The list of recent events: order, each event once, the bound, the pause, "Load older", filters, skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventList, MAX_LIMIT, compare, cursorOf, matcher, parseTag } from '../../main/js/events.js';

const T0 = Date.parse('2026-11-22T10:15:30.000Z');
/** A RecentEvent received `ms` after T0, at partition:offset `ref`. */
function ev(ref, ms, event = {}) {
  return { ref, received: new Date(T0 + ms).toISOString(), stream: event.stream || 'a.api', event: { stream: 'a.api', status: 'ok', ...event } };
}
const refs = (items) => items.map((e) => e.ref);

test('events are ordered newest received first, then by partition and offset, as the server pages them', () => {
  const list = new EventList();
  list.page([ev('0:5', 10), ev('1:2', 30), ev('0:7', 30), ev('1:3', 30), ev('0:1', 0)]);
  assert.deepEqual(refs(list.items), ['1:3', '1:2', '0:7', '0:5', '0:1']);
  list.live(ev('2:1', 20));
  assert.deepEqual(refs(list.items), ['1:3', '1:2', '0:7', '2:1', '0:5', '0:1'], 'a late live event goes where its time puts it');
  assert.ok(compare(ev('0:10', 0), ev('0:9', 0)) < 0, 'offsets compare as numbers, not as text');
});

test('an event is held once, whether it comes over REST, live, or both', () => {
  const list = new EventList();
  assert.equal(list.live(ev('0:1', 0)), true);
  assert.equal(list.live(ev('0:1', 0)), false);
  assert.equal(list.page([ev('0:1', 0), ev('0:2', 5)]), 1);
  list.pause();
  assert.equal(list.live(ev('0:2', 5)), false, 'already shown: not counted as new');
  assert.equal(list.live(ev('0:3', 9)), true);
  assert.equal(list.live(ev('0:3', 9)), false, 'already waiting');
  assert.equal(list.arrived, 1);
  list.resume();
  assert.deepEqual(refs(list.items), ['0:3', '0:2', '0:1']);
  assert.equal(list.live({ received: 'x' }), false, 'no ref: not an event of the list');
});

test('the list keeps the newest up to its bound; what it let go can be read again', () => {
  const list = new EventList(3);
  list.older([ev('0:1', 1), ev('0:2', 2)], null);
  assert.equal(list.noOlder, true);
  list.page([ev('0:3', 3), ev('0:4', 4)]);
  assert.deepEqual(refs(list.items), ['0:4', '0:3', '0:2']);
  assert.equal(list.noOlder, false, 'the oldest was let go: older events exist again');
  assert.ok(!list.refs.has('0:1'));
  list.live(ev('0:1', 1));
  assert.deepEqual(refs(list.items), ['0:4', '0:3', '0:2'], 'older than all it holds, at its bound: not shown');
  list.live(ev('0:5', 5));
  assert.deepEqual(refs(list.items), ['0:5', '0:4', '0:3']);
});

test('while paused new live events wait and are counted; resuming inserts them in order', () => {
  const list = new EventList(3);
  list.page([ev('0:1', 1)]);
  list.pause();
  for (let i = 2; i <= 6; i++) list.live(ev(`0:${i}`, i));
  assert.deepEqual(refs(list.items), ['0:1'], 'nothing moves while paused');
  assert.equal(list.arrived, 5, 'every new one counted, also those the bound will let go');
  assert.equal(list.waiting.size, 3, 'no more wait than the list shows');
  list.page([ev('0:0', 0)]);
  assert.deepEqual(refs(list.items), ['0:1', '0:0'], 'a page read over REST is shown while paused');
  list.resume();
  assert.equal(list.arrived, 0);
  assert.deepEqual(refs(list.items), ['0:6', '0:5', '0:4']);
  list.live(ev('0:7', 7));
  assert.deepEqual(refs(list.items), ['0:7', '0:6', '0:5'], 'live again');
});

test('"Load older" grows the list to keep what was asked for, up to a cap, and says when there is no more', () => {
  const list = new EventList(2);
  list.page([ev('0:9', 9), ev('0:8', 8)]);
  assert.equal(list.older([ev('0:7', 7), ev('0:6', 6), ev('0:8', 8)], '1:0:6'), 2);
  assert.deepEqual(refs(list.items), ['0:9', '0:8', '0:7', '0:6']);
  assert.equal(list.noOlder, false);
  list.older([ev('0:5', 5)], null);
  assert.equal(list.noOlder, true);
  assert.equal(list.items.length, 5);
  const big = new EventList(2);
  big.older(Array.from({ length: MAX_LIMIT + 10 }, (_, i) => ev(`0:${i}`, -i)), 'x');
  assert.equal(big.items.length, MAX_LIMIT);
});

test('the cursor of an event is its received time in ms and its ref', () => {
  assert.equal(cursorOf(ev('3:120456', 130)), `${T0 + 130}:3:120456`);
});

test('the skipped counts of the frames add up, paused or not', () => {
  const list = new EventList();
  list.live(ev('0:1', 1), 5);
  list.pause();
  list.live(ev('0:2', 2), 7);
  list.live(ev('0:2', 2), 1); // a repeat still carries the count of what was left out before it
  list.live(ev('0:3', 3), undefined);
  list.live(ev('0:4', 4), -3);
  assert.equal(list.skipped, 13);
});

const hostile = '<img src=x onerror=alert(1)>';
const sample = [
  ev('0:1', 1, { status: 'error', error_type: 'timeout', message: 'upstream timed out after 800 ms', tags: { region: 'eu-west', model: 'm-large' }, source: 'producer-7', id: '01JD' }),
  ev('0:2', 2, { status: 'error', error_type: 'http_500', message: 'Bad Gateway', tags: { region: 'us-east' }, stream: 'b.web' }),
  ev('0:3', 3, { status: 'ok', tags: { region: 'eu-west', note: hostile }, source: 'batch' }),
  ev('0:4', 4, {}),
];

function shown(filter) {
  const list = new EventList();
  list.page(sample);
  return refs(list.shown(filter));
}

test('filters: status, error type, tag, text and stream, together', () => {
  assert.deepEqual(shown({}), ['0:4', '0:3', '0:2', '0:1']);
  assert.deepEqual(shown({ status: 'error' }), ['0:2', '0:1']);
  assert.deepEqual(shown({ status: 'ok' }), ['0:4', '0:3'], 'no status is ok');
  assert.deepEqual(shown({ errorType: 'timeout' }), ['0:1']);
  assert.deepEqual(shown({ tag: parseTag('region=eu-west') }), ['0:3', '0:1']);
  assert.deepEqual(shown({ tag: parseTag('region') }), ['0:3', '0:2', '0:1'], 'a key alone: any value');
  assert.deepEqual(shown({ tag: parseTag('region=eu') }), [], 'a tag value matches whole');
  assert.deepEqual(shown({ text: 'TIMED out' }), ['0:1'], 'in the message, whatever the case');
  assert.deepEqual(shown({ text: 'http_5' }), ['0:2'], 'in the error type');
  assert.deepEqual(shown({ text: 'us-east' }), ['0:2'], 'in a tag value');
  assert.deepEqual(shown({ text: 'region=eu' }), ['0:3', '0:1'], 'in key=value');
  assert.deepEqual(shown({ text: 'batch' }), ['0:3'], 'in the source');
  assert.deepEqual(shown({ text: '01jd' }), ['0:1'], 'in the id');
  assert.deepEqual(shown({ text: '<img' }), ['0:3']);
  assert.deepEqual(shown({ stream: 'b.*' }), ['0:2'], 'a stream glob');
  assert.deepEqual(shown({ stream: 'api' }), ['0:4', '0:3', '0:1'], 'part of a stream name');
  assert.deepEqual(shown({ status: 'error', tag: parseTag('region=eu-west'), text: 'upstream' }), ['0:1']);
  assert.equal(matcher({ text: '   ' })(sample[3]), true, 'blank text filters nothing');
});

test('a tag filter is key=value or a key; without a key it says what is wrong', () => {
  assert.equal(parseTag(''), null);
  assert.equal(parseTag('   '), null);
  assert.deepEqual(parseTag('region'), { key: 'region' });
  assert.deepEqual(parseTag(' region = eu-west '), { key: 'region', value: 'eu-west' });
  assert.deepEqual(parseTag('expr=a=b'), { key: 'expr', value: 'a=b' }, 'the value may hold "="');
  assert.deepEqual(parseTag('region='), { key: 'region', value: '' });
  assert.throws(() => parseTag('=eu-west'), /"=eu-west" has no tag name before "=": write key=value/);
});

test('the error types to choose from are those held, once each, sorted', () => {
  const list = new EventList();
  list.page(sample);
  assert.deepEqual(list.errorTypes(), ['http_500', 'timeout']);
});
