// Minute resolution: the minute series merged by revision, periods without events as zeros, rolling figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dense, dropBefore, lastPeriods, periodStart, rolling, takeMinute } from '../../main/js/minutes.js';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const min = (m) => new Date(T0 + m * 60_000).toISOString().replace('.000Z', 'Z');
const minute = (m, count, revision, errors = 0) => ({ stream: 's', hour: min(m), count, errors, revision });

test('a minute is taken unless a higher revision of it is held; the same revision is taken again', () => {
  const byMinute = new Map();
  assert.ok(takeMinute(byMinute, minute(5, 10, 7), 1));
  assert.ok(!takeMinute(byMinute, minute(5, 8, 6), 1), 'an older state arriving late');
  assert.equal(byMinute.get(min(5)).data.count, 10);
  assert.ok(takeMinute(byMinute, minute(5, 10, 7), 2), 'the snapshot after a reconnect, same revision');
  assert.equal(byMinute.get(min(5)).epoch, 2);
  assert.ok(takeMinute(byMinute, minute(5, 12, 9), 2));
  assert.equal(byMinute.get(min(5)).data.count, 12);
  assert.ok(takeMinute(byMinute, minute(6, 1, 9), 2), 'another minute of the same hour revision');
  assert.equal(byMinute.size, 2);
});

test('minutes older than the window are dropped', () => {
  const byMinute = new Map();
  for (const m of [0, 1, 2, 3]) takeMinute(byMinute, minute(m, 1, 1), 1);
  dropBefore(byMinute, T0 + 2 * 60_000);
  assert.deepEqual([...byMinute.keys()], [min(2), min(3)]);
});

test('the periods of a window are aligned and end with the current one', () => {
  const now = T0 + 59 * 60_000 + 42_000; // 10:59:42
  assert.equal(periodStart(now), T0 + 59 * 60_000);
  assert.deepEqual(lastPeriods(now, 60_000, 60), { fromMs: T0, stepMs: 60_000, n: 60 });
  assert.equal(lastPeriods(now, 300_000, 72).fromMs, T0 + 55 * 60_000 - 71 * 300_000);
});

test('periods without a row are zero counts; rows are found whatever the ISO form of their start', () => {
  const rows = [minute(1, 4, 3), { ...minute(3, 9, 4), hour: new Date(T0 + 180_000).toISOString() }];
  const series = dense(rows, T0, 60_000, 5);
  assert.deepEqual(series.map((r) => r.count), [0, 4, 0, 9, 0]);
  assert.deepEqual(series.map((r) => Date.parse(r.hour)), [0, 1, 2, 3, 4].map((m) => T0 + m * 60_000));
  assert.ok(series[0].empty && !series[1].empty);
  assert.deepEqual(dense([], T0, 60_000, 60).map((r) => r.count), new Array(60).fill(0), 'no history reads as an hour of zeros');
});

test('rolling figures divide the events of the whole minutes and the current one by exactly that window', () => {
  const now = T0 + 10 * 60_000 + 30_000; // 10:10:30, 30 s into minute 10
  const rows = [
    minute(3, 1000, 1, 1000), // before the 5-minute window
    minute(5, 60, 2, 6), // the oldest minute of the 5-minute window
    minute(8, 30, 3),
    minute(9, 120, 4, 12), // the whole minute before the current one
    minute(10, 45, 5, 1), // the current minute so far
    minute(11, 500, 6, 500), // from a producer whose clock runs ahead: not yet
  ];
  const one = rolling(rows, now, 1);
  assert.equal(one.count, 165);
  assert.equal(one.errors, 13);
  assert.equal(one.seconds, 90, '60 s of minute 9 and 30 s of minute 10');
  assert.equal(one.perSecond, 165 / 90);
  assert.equal(one.errorRate, 13 / 165);
  const five = rolling(rows, now, 5);
  assert.equal(five.count, 255);
  assert.equal(five.seconds, 330);
  assert.equal(five.perSecond, 255 / 330);
  assert.equal(five.errorRate, 19 / 255);
});

test('rolling figures at the first second of a minute still cover a whole minute; no events, no error rate', () => {
  const now = T0 + 10 * 60_000; // 10:10:00.000
  const r = rolling([minute(9, 60, 1)], now, 1);
  assert.equal(r.seconds, 60);
  assert.equal(r.perSecond, 1);
  const quiet = rolling([], now, 5);
  assert.equal(quiet.perSecond, 0);
  assert.equal(quiet.errorRate, null);
});
