// The rule form's preview (node --test): the request for the last 24 h, alerts as timeline slots, and the
// rendering in a DOM without an HTML parser, so stream names from the answer stay text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installDom, textNodes } from '../fakes/dom.js';
import { asRuleProblem, previewHours, previewLabel, previewRequest, runPreview, slotCount, slots, summary } from '../../main/js/rule-preview.js';

installDom();
const { previewView } = await import('../../main/js/views/rule-preview.js');

const HOSTILE = '<img src=x onerror="alert(1)">.api';
const FROM = '2026-11-22T00:00:00Z';
const TO = '2026-11-23T00:00:00Z';

test('the request is the rule as it would be saved, over the last 24 hours', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  const body = previewRequest({ name: 'slow', stream: 'checkout.*', expr: 'count > 5', window: '5m', labels: 'team=x', severity: 'warning', enabled: true }, now);
  assert.deepEqual(body.rule, { name: 'slow', stream: 'checkout.*', expr: 'count > 5', window: '5m', severity: 'warning', labels: { team: 'x' }, enabled: true });
  assert.equal(body.from, '2026-11-22T10:00:00.000Z');
  assert.equal(body.to, '2026-11-23T10:00:00.000Z');
});

test('a window of hours is previewed over the last 7 days, a minute window over 24 h', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  const day = { name: 'costly', stream: 'billing.*', expr: 'sum(cost_usd) > 100', window: '24h', severity: 'warning', enabled: true };
  assert.equal(previewHours(day), 168);
  assert.equal(previewLabel(day), 'Preview (last 7 days)');
  assert.equal(previewRequest(day, now).from, '2026-11-16T10:00:00.000Z');
  assert.equal(previewHours({ ...day, window: '2h' }), 168);
  assert.equal(previewHours({ ...day, window: '1d' }), 168);
  assert.equal(previewHours({ ...day, window: '60m' }), 24);
  assert.equal(previewHours({ ...day, window: '' }), 24, 'the default window, 5m');
  assert.equal(previewHours({ ...day, window: 'nonsense' }), 24);
  assert.equal(previewLabel({ ...day, window: '5m', expr: 'count > 2 * count offset 1h' }), 'Preview (last 24 h)');
});

test('slots fit the range: half hours over 24 h, 3 hours over 7 days', () => {
  assert.equal(slotCount(FROM, TO), 48);
  assert.equal(slotCount('2026-11-16T00:00:00Z', TO), 56);
  assert.equal(slotCount('2026-11-22T00:10:00Z', TO), 48, 'a little under 24 h');
  const week = slots([{ pending_at: '2026-11-22T01:00:00Z', firing_at: '2026-11-22T01:00:00Z', resolved_at: '2026-11-22T05:00:00Z' }], '2026-11-16T00:00:00Z', TO);
  assert.equal(week.length, 56);
  assert.deepEqual(week.slice(48, 51), ['firing', 'firing', '']);
});

test('an offset reaching beyond the rows kept: asked again from the oldest allowed instant', async () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  const values = { name: 'drop', stream: 'x.*', expr: 'count < count offset 24h / 2', window: '5m', severity: 'warning', enabled: true };
  const calls = [];
  const refusal = Object.assign(new Error('from is before the oldest allowed'), { problem: { detail: 'x', oldest_from: '2026-11-22T10:05:30Z' } });
  const answer = await runPreview(async (path, req) => {
    calls.push(req.body);
    if (calls.length === 1) throw refusal;
    return { from: req.body.from };
  }, values, now);
  assert.equal(calls.length, 2);
  assert.equal(calls[0].from, '2026-11-22T10:00:00.000Z');
  assert.equal(answer.from, '2026-11-22T10:07:00.000Z', 'the next whole minute, and one more');
  assert.equal(calls[1].to, calls[0].to);

  // Any other refusal is the form's to show, not retried.
  const invalid = Object.assign(new Error('bad'), { problem: { errors: [{ field: 'rule.expr', message: 'x' }] } });
  let asked = 0;
  await assert.rejects(runPreview(async () => { asked++; throw invalid; }, values, now), /bad/);
  assert.equal(asked, 1);
});

test('alerts become slots: pending, then firing, to the resolution or to the end of the range', () => {
  const alerts = [
    { pending_at: '2026-11-22T01:10:00Z', firing_at: '2026-11-22T01:40:00Z', resolved_at: '2026-11-22T02:10:00Z', max_value: 9 },
    { pending_at: '2026-11-22T23:50:00Z', firing_at: null, resolved_at: null, max_value: 3 },
  ];
  const s = slots(alerts, FROM, TO, 48);
  assert.equal(s.length, 48);
  assert.deepEqual(s.slice(0, 6), ['', '', 'pending', 'firing', 'firing', '']);
  assert.equal(s[47], 'pending');
  assert.equal(s.filter(Boolean).length, 4);
  assert.deepEqual(slots([], FROM, TO, 4), ['', '', '', '']);
  // Firing at `to` itself (the preview's last instant): shown in the last slot, not lost.
  assert.deepEqual(slots([{ pending_at: TO, firing_at: TO, resolved_at: null }], FROM, TO, 4), ['', '', '', 'firing']);
  assert.equal(summary({ alerts, firing_minutes: 30 }), 'fired 1 time, 30 min firing');
  assert.equal(summary({ alerts: [], firing_minutes: 0 }), 'never fired');
});

test('the preview\'s field errors lose their rule. prefix, so the form shows them at their fields', () => {
  const p = asRuleProblem({ detail: 'x', errors: [{ field: 'rule.expr', message: 'bad', position: 3 }, { field: 'from', message: 'y' }] });
  assert.deepEqual(p.errors.map((e) => e.field), ['expr', 'from']);
  assert.equal(asRuleProblem({ detail: 'range' }).detail, 'range');
});

test('each stream is a row with its timeline, numbers and alerts as text, hostile names included', () => {
  const view = previewView({
    from: FROM, to: TO, step: '1m', evaluations: 2882, truncated: true,
    streams: [
      { stream: HOSTILE, firing_minutes: 30, alerts: [{ pending_at: '2026-11-22T01:10:00Z', firing_at: '2026-11-22T01:40:00Z', resolved_at: '2026-11-22T02:10:00Z', max_value: 9 }] },
      { stream: 'calm.api', firing_minutes: 0, alerts: [] },
    ],
  });
  const rows = view.querySelectorAll('.preview-stream');
  assert.equal(rows.length, 2);
  assert.equal(rows[0].dataset.stream, HOSTILE);
  assert.ok(textNodes(rows[0]).some((t) => t.data === HOSTILE), 'the name is one text node');
  assert.equal(rows[0].querySelector('img'), null);
  assert.equal(rows[0].querySelectorAll('.slot').length, 48);
  assert.equal(rows[0].querySelectorAll('.firing').length, 2);
  assert.equal(rows[0].querySelectorAll('.pending').length, 1);
  assert.match(rows[0].querySelector('.preview-summary').textContent, /fired 1 time, 30 min firing/);
  assert.equal(rows[0].querySelector('li').textContent, 'firing 2026-11-22 01:40 UTC → resolved 2026-11-22 02:10 UTC, max 9');
  assert.equal(rows[1].querySelectorAll('.firing').length, 0);
  assert.equal(rows[1].querySelector('ul'), null);
  assert.match(view.textContent, /2 streams from 2026-11-22 00:00 UTC to 2026-11-23 00:00 UTC, every 1m/);
  assert.match(view.textContent, /only the first streams/);

  const none = previewView({ from: FROM, to: TO, step: '1m', streams: [], truncated: false });
  assert.match(none.textContent, /No stream matching this rule has data/);
});
