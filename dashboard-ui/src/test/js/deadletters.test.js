// The badge of dead letters not seen yet: from the REST summary since the last look, then the notices' counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnseenDeadLetters, seenStore } from '../../main/js/deadletters.js';

function memory(value = null) {
  const map = new Map(value ? [['pulseboard.dead-letters-seen', value]] : []);
  return seenStore({ getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v) });
}
const letter = (time) => ({ time, reason_code: 'too_old' });

test('never looked: everything the summary counts is unseen, then each notice adds its count', () => {
  const unseen = new UnseenDeadLetters(memory());
  unseen.fromSummary({ total: 7, last: [letter('2026-11-22T10:00:00Z')] });
  assert.equal(unseen.count, 7);
  unseen.notice({ count: 3, by_reason: { too_old: 3 } });
  unseen.notice({ count: 0 });
  unseen.notice({ count: 'x' });
  unseen.notice(undefined);
  assert.equal(unseen.count, 10);
});

test('after a look: the listed letters newer than it, not the rest of its minute', () => {
  const unseen = new UnseenDeadLetters(memory('2026-11-22T10:00:30Z'));
  unseen.fromSummary({ total: 3, last: [letter('2026-11-22T10:00:45Z'), letter('2026-11-22T10:00:10Z'), letter('2026-11-22T10:00:05Z')] });
  assert.equal(unseen.count, 1);
});

test('after a look, with all of the last 100 newer than it: the total says how many', () => {
  const unseen = new UnseenDeadLetters(memory('2026-11-22T10:00:30Z'));
  unseen.fromSummary({ total: 250, last: Array.from({ length: 100 }, () => letter('2026-11-22T11:00:00Z')) });
  assert.equal(unseen.count, 250);
});

test('looking clears the badge, is kept, and makes an answer asked for before it count for nothing', () => {
  const store = memory();
  const unseen = new UnseenDeadLetters(store);
  const asked = unseen.looks;
  unseen.notice({ count: 2 });
  unseen.seen('2026-11-22T10:05:00.000Z');
  assert.equal(unseen.count, 0);
  assert.equal(store.get(), '2026-11-22T10:05:00.000Z');
  unseen.fromSummary({ total: 5, last: [letter('2026-11-22T10:00:00Z')] }, asked);
  assert.equal(unseen.count, 0);
  assert.equal(new UnseenDeadLetters(store).since, '2026-11-22T10:05:00.000Z', 'the next page counts from the look');
});

test('a kept look that is no time counts as never looked', () => {
  assert.equal(new UnseenDeadLetters(memory('yesterday-ish')).since, null);
});

test('a browser that keeps nothing still counts', () => {
  const broken = seenStore({ getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } });
  const unseen = new UnseenDeadLetters(broken);
  unseen.notice({ count: 1 });
  unseen.seen('2026-11-22T10:05:00.000Z');
  assert.equal(unseen.count, 0);
});
