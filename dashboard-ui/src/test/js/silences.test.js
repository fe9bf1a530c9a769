// Unit tests of the dashboard's silence helpers (node --test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endable, matchersText, silenceFor } from '../../main/js/silences.js';

const ALERT = { id: 'a1', rule_id: 'r1', rule_name: 'p95 high', stream: 'checkout.api' };

test('silencing an alert for 1 h matches its rule and stream and ends an hour from now', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  const body = silenceFor(ALERT, 'alice', 1, now);
  assert.deepEqual(body.matchers, { rule_id: 'r1', stream: 'checkout.api' });
  assert.equal(body.ends_at, '2026-11-22T11:00:00.000Z');
  assert.equal(body.created_by, 'alice');
  assert.match(body.comment, /p95 high on checkout\.api/);
  assert.equal(silenceFor(ALERT, '', 1, now).created_by, 'dashboard');
});

test('matchers read as one line, and only pending and active silences can be ended', () => {
  assert.equal(matchersText({ rule_id: 'r1', stream: 'a.*', severity: 'critical', labels: { team: 'x' } }),
    'rule=r1 stream=a.* severity=critical team=x');
  assert.equal(matchersText({ stream: 'a.*', labels: {} }), 'stream=a.*');
  assert.ok(endable({ state: 'active' }));
  assert.ok(endable({ state: 'pending' }));
  assert.ok(!endable({ state: 'expired' }));
});
