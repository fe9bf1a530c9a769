// The state in the URL hash, the card orders, the error-rate levels, and how axes and times read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULTS, formatHash, parseHash } from '../../main/js/hash.js';
import { chooseValue, sortStreams } from '../../main/js/sort.js';
import * as fmt from '../../main/js/format.js';

test('the hash holds the view, the stream, the filter, the order and the range', () => {
  assert.deepEqual(parseHash(''), { view: 'overview', stream: '', ...DEFAULTS });
  assert.deepEqual(parseHash('#/'), { view: 'overview', stream: '', ...DEFAULTS });
  assert.deepEqual(parseHash('#/?filter=checkout.*&sort=errors'),
    { view: 'overview', stream: '', filter: 'checkout.*', sort: 'errors', range: '60m' });
  assert.deepEqual(parseHash('#/stream/dash.alpha?range=6h&sort=p95'),
    { view: 'stream', stream: 'dash.alpha', filter: '', sort: 'p95', range: '6h' });
  assert.equal(parseHash('#/stream/dash.alpha').range, '60m', 'the detail opens on the last 60 minutes');
  assert.equal(parseHash('#/alerts').view, 'alerts');
  assert.equal(parseHash('#/rules').view, 'rules');
  assert.equal(parseHash('#/receivers').view, 'receivers');
  assert.equal(formatHash({ view: 'receivers', filter: 'x' }), '#/receivers');
  assert.equal(parseHash('#/errors').view, 'errors');
  assert.equal(parseHash('#/dead-letters').view, 'dead-letters');
});

test('unknown views, orders and ranges in a hash are the defaults', () => {
  const state = parseHash('#/nowhere?sort=random&range=1y&filter=%E0%A4%A');
  assert.equal(state.view, 'overview');
  assert.equal(state.sort, 'name');
  assert.equal(state.range, '60m');
  assert.equal(parseHash('#/stream/').view, 'overview', 'a stream view needs a stream');
  assert.equal(parseHash('#/stream/bad%zz').stream, 'bad%zz', 'a broken escape is kept as written');
});

test('a formatted hash parses back to the same state, defaults left out', () => {
  assert.equal(formatHash({ view: 'overview', ...DEFAULTS }), '#/');
  const states = [
    { view: 'overview', stream: '', filter: 'llm.** a&b=c #x', sort: 'count', range: '60m' },
    { view: 'stream', stream: 'checkout.api', filter: 'checkout.*', sort: 'errors', range: '30d' },
    { view: 'stream', stream: 'a-b_c.d', filter: '', sort: 'name', range: '60m' },
  ];
  for (const state of states) assert.deepEqual(parseHash(formatHash(state)), state);
  assert.equal(formatHash({ view: 'stream', stream: 'dash.alpha', filter: '', sort: 'name', range: '6h' }), '#/stream/dash.alpha?range=6h');
  assert.equal(formatHash({ view: 'alerts', filter: 'x', sort: 'count' }), '#/alerts');
  assert.equal(formatHash({ view: 'errors', filter: 'x', sort: 'count' }), '#/errors');
  assert.equal(formatHash({ view: 'dead-letters', filter: 'x' }), '#/dead-letters');
  assert.equal(formatHash({ view: 'overview', stream: '', filter: 'a.*', sort: 'p95', range: '7d' }), '#/?filter=a.*&sort=p95',
    'the range stays with the stream it was chosen for: the next stream opens on the last 60 minutes');
});

const item = (stream, count, errorRate, p95) => ({ stream, count, errorRate, p95 });

test('cards sort by name, or worst first; streams without the figure last, ties by name', () => {
  const items = [item('c', 10, 0.02, 300), item('a', 50, 0.1, undefined), item('b', 10, null, 900), item('d', undefined, 0.5, 120)];
  const order = (by) => sortStreams(items, by).map((i) => i.stream);
  assert.deepEqual(order('name'), ['a', 'b', 'c', 'd']);
  assert.deepEqual(order('count'), ['a', 'b', 'c', 'd'], 'b and c tie on 10');
  assert.deepEqual(order('errors'), ['d', 'a', 'c', 'b']);
  assert.deepEqual(order('p95'), ['b', 'c', 'd', 'a']);
  assert.deepEqual(order('unknown'), ['a', 'b', 'c', 'd']);
  assert.deepEqual(items.map((i) => i.stream), ['c', 'a', 'b', 'd'], 'the input is left as it was');
});

test('each card shows its own first value, or the one last chosen for it when it has it', () => {
  assert.equal(chooseValue(['latency_ms', 'tokens'], undefined), 'latency_ms');
  assert.equal(chooseValue(['latency_ms', 'tokens'], 'tokens'), 'tokens');
  assert.equal(chooseValue(['tokens'], 'latency_ms'), 'tokens', 'a value of another stream is not this card\'s');
  assert.equal(chooseValue([], 'latency_ms'), '');
});

test('error rates have levels: ok under 1 %, warning from 1 % to under 5 %, bad from 5 %', () => {
  assert.equal(fmt.errorLevel(0), 'ok');
  assert.equal(fmt.errorLevel(0.0099), 'ok');
  assert.equal(fmt.errorLevel(0.01), 'warning');
  assert.equal(fmt.errorLevel(1 / 100), 'warning');
  assert.equal(fmt.errorLevel(0.0499), 'warning');
  assert.equal(fmt.errorLevel(0.05), 'bad');
  assert.equal(fmt.errorLevel(1), 'bad');
  assert.equal(fmt.errorLevel(null), null);
  assert.equal(fmt.errorLevel(undefined), null);
  assert.equal(fmt.errorLevel(NaN), null);
});

test('axis numbers stay short: 10,000 and 1.2 M', () => {
  assert.equal(fmt.axisNumber(0), '0');
  assert.equal(fmt.axisNumber(0.25), '0.25');
  assert.equal(fmt.axisNumber(0.30000000000000004), '0.3');
  assert.equal(fmt.axisNumber(2.5), '2.5');
  assert.equal(fmt.axisNumber(999), '999');
  assert.equal(fmt.axisNumber(10000), '10,000');
  assert.equal(fmt.axisNumber(99999), '99,999');
  assert.equal(fmt.axisNumber(250000), '250 k');
  assert.equal(fmt.axisNumber(1200000), '1.2 M');
  assert.equal(fmt.axisNumber(-1500000), '-1.5 M');
  assert.equal(fmt.axisNumber(3e9), '3 G');
  assert.equal(fmt.axisNumber(undefined), '');
});

test('an axis is as wide as its widest label line, plus ticks and gap', () => {
  const measure = (text) => text.length * 7; // 7 px a character
  assert.equal(fmt.axisWidth(['0', '5,000', '10,000'], measure, 15), 6 * 7 + 15);
  assert.equal(fmt.axisWidth(['1.2 M'], measure, 15), 5 * 7 + 15);
  assert.equal(fmt.axisWidth(['10:15\n11-22'], measure, 0), 35, 'lines of a label are measured apart');
  assert.equal(fmt.axisWidth([], measure, 15), 15);
});

test('times read in 24 h UTC everywhere, with the date where the day changes', () => {
  const s = (iso) => Date.parse(iso) / 1000;
  assert.deepEqual(fmt.timeTicks([s('2026-11-22T22:00:00Z'), s('2026-11-22T23:00:00Z'), s('2026-11-23T00:00:00Z')], 3600),
    ['22:00\n11-22', '23:00', '00:00\n11-23']);
  assert.deepEqual(fmt.timeTicks([s('2026-11-22T13:05:00Z'), s('2026-11-22T13:10:00Z')], 300), ['13:05\n11-22', '13:10']);
  assert.deepEqual(fmt.timeTicks([s('2026-11-22T13:05:30Z')], 30), ['13:05:30\n11-22']);
  assert.deepEqual(fmt.timeTicks([s('2026-11-22T00:00:00Z'), s('2026-11-23T00:00:00Z')], 86400), ['11-22', '11-23']);
  assert.equal(fmt.time(Date.parse('2026-11-22T15:07:00Z')), '2026-11-22 15:07 UTC');
  assert.equal(fmt.clock(Date.parse('2026-11-22T15:07:09.500Z')), '15:07:09');
});

test('the top of a sparkline\'s scale is 1, 2 or 5 times a power of ten', () => {
  assert.equal(fmt.niceCeil(0), 1);
  assert.equal(fmt.niceCeil(1), 1);
  assert.equal(fmt.niceCeil(3), 5);
  assert.equal(fmt.niceCeil(7), 10);
  assert.equal(fmt.niceCeil(120), 200);
  assert.equal(fmt.niceCeil(1000), 1000);
  assert.equal(fmt.niceCeil(1001), 2000);
  assert.equal(fmt.niceCeil(45000), 50000);
});
