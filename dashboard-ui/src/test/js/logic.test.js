// Unit tests of the dashboard's pure logic (node --test; run by the Maven build of dashboard-ui).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matches, subscriptionFor } from '../../main/js/glob.js';
import { reconnectDelay, MAX_DELAY_MS } from '../../main/js/backoff.js';
import { joinHistory, valueNames, errorTypes } from '../../main/js/merge.js';
import { csvField, toCsv, metricsColumns } from '../../main/js/export.js';
import { fieldErrors, ruleBody, formValues, parseLabels } from '../../main/js/rules-form.js';
import * as fmt from '../../main/js/format.js';

test('globs follow the server: * within a segment, ** across dots; plain text is a substring', () => {
  assert.ok(matches('checkout.*', 'checkout.api'));
  assert.ok(!matches('checkout.*', 'checkout.api.v2'));
  assert.ok(matches('checkout.**', 'checkout.api.v2'));
  assert.ok(matches('**', 'any.thing'));
  assert.ok(!matches('check.out', 'checkXout'), 'a dot is literal');
  assert.ok(matches('api', 'checkout.api'));
  assert.ok(matches('', 'x'));
});

test('the subscription follows the filter', () => {
  const known = ['a.web', 'b.api', 'a.api'];
  assert.deepEqual(subscriptionFor('', known), ['**']);
  assert.deepEqual(subscriptionFor('a.*', known), ['a.*']);
  assert.deepEqual(subscriptionFor('api', known), ['a.api', 'b.api']);
  assert.deepEqual(subscriptionFor('nothing', known), []);
});

test('reconnect delays grow, are capped, and jitter only downwards', () => {
  assert.equal(reconnectDelay(1, () => 0), 500);
  assert.equal(reconnectDelay(2, () => 0), 1000);
  assert.equal(reconnectDelay(3, () => 0), 2000);
  assert.equal(reconnectDelay(50, () => 0), MAX_DELAY_MS);
  assert.equal(reconnectDelay(1, () => 1), 400);
});

const row = (hour, count, revision, extra = {}) => ({ stream: 's', hour, count, revision, ...extra });

test('live hours replace older rows of the same hour and are added after the history', () => {
  const rest = [row('2026-11-22T09:00:00Z', 5, 3), row('2026-11-22T10:00:00Z', 7, 4)];
  const live = [row('2026-11-22T10:00:00Z', 9, 6), row('2026-11-22T11:00:00Z', 1, 1), row('2026-11-20T11:00:00Z', 1, 1)];
  const joined = joinHistory(rest, live, '2026-11-21T11:00:00Z');
  assert.deepEqual(joined.map((r) => [r.hour, r.count]), [
    ['2026-11-22T09:00:00Z', 5], ['2026-11-22T10:00:00Z', 9], ['2026-11-22T11:00:00Z', 1]]);
});

test('an older live state does not replace a newer stored row', () => {
  const joined = joinHistory([row('2026-11-22T10:00:00Z', 7, 9)], [row('2026-11-22T10:00:00Z', 3, 2)], null);
  assert.equal(joined[0].count, 7);
});

test('value names and error types are collected from every row', () => {
  const rows = [row('h1', 1, 1, { values: { b: {}, a: {} }, errors_by_type: { timeout: 1 } }), row('h2', 1, 1, { values: { c: {} } })];
  assert.deepEqual(valueNames(rows), ['a', 'b', 'c']);
  assert.deepEqual(errorTypes(rows), ['timeout']);
});

test('CSV fields are quoted when needed and formulas stay text', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvField(-1.5), '-1.5');
  assert.equal(csvField(null), '');
  const csv = toCsv([row('2026-11-22T10:00:00Z', 3, 1, { values: { latency_ms: { p95: 12.5 } } })], metricsColumns(['latency_ms']));
  const [header, line] = csv.trim().split('\r\n');
  assert.ok(header.startsWith('hour,count,errors,error_rate,rate_per_s,late_events,revision,final,latency_ms.count'));
  assert.equal(line.split(',')[header.split(',').indexOf('latency_ms.p95')], '12.5');
});

test('CSV text cells that a spreadsheet would run as a formula get a quote first; numbers stay numbers', () => {
  // The same rule as the aggregator's CSV export (docs/design.md, exports).
  for (const [text, cell] of [
    ['-2-3=1', `"'-2-3=1"`], ['-1', `"'-1"`], ['+1', `"'+1"`], ['=1+1', `"'=1+1"`], ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`], ['\rx', `"'\rx"`], ['a-b', 'a-b'], ["'quoted", "'quoted"],
  ]) {
    assert.equal(csvField(text), cell, text);
  }
  assert.equal(csvField(-3), '-3');
  assert.equal(csvField(-0.25), '-0.25');
  const csv = toCsv([{ comment: '-2-3=1', value: -2 }], [{ name: 'comment', get: (r) => r.comment }, { name: 'value', get: (r) => r.value }]);
  assert.equal(csv, `comment,value\r\n"'-2-3=1",-2\r\n`);
});

test('server validation problems land on their form field', () => {
  const problem = {
    status: 400, detail: 'the rule has 2 problems',
    errors: [{ field: 'expr', message: "expected ')' at 15, found '>'", position: 15 }, { field: 'name', message: 'is required' },
      { field: 'nonsense', message: 'unknown field' }],
  };
  const { byField, other } = fieldErrors(problem);
  assert.equal(byField.expr, "expected ')' at 15, found '>'");
  assert.equal(byField.name, 'is required');
  assert.deepEqual(other, ['nonsense: unknown field']);
  assert.deepEqual(fieldErrors({ status: 409, detail: 'changed meanwhile' }).other, ['changed meanwhile']);
  assert.equal(fieldErrors({ errors: [{ field: 'expr', message: 'unexpected end', position: 4 }] }).byField.expr, 'unexpected end (at 4)');
});

test('the rule body leaves out empty fields and carries labels and version', () => {
  const body = ruleBody({ name: ' r ', stream: 'a.*', expr: 'count > 1', window: '', labels: 'team=x, env = prod', enabled: false, severity: 'critical' }, 3);
  assert.deepEqual(body, { name: 'r', stream: 'a.*', expr: 'count > 1', severity: 'critical', labels: { team: 'x', env: 'prod' }, enabled: false, version: 3 });
  assert.deepEqual(parseLabels('novalue').problems, ['"novalue" is not key=value']);
  const values = formValues({ name: 'r', for: '1m', labels: { a: 'b' }, enabled: true });
  assert.equal(values.for, '1m');
  assert.equal(values.labels, 'a=b');
  assert.equal(values.resolve, '');
});

test('a compound expression goes from the rule to the form and back unchanged', () => {
  const expr = '(errors / count > 0.05 and count > 100) or not p95(latency_ms) <= 2 * p50(latency_ms)';
  const resolve = 'sum(cost_usd) / count < 0.01';
  const values = formValues({ name: 'r', stream: 'a.*', expr, resolve, severity: 'warning', enabled: true });
  assert.equal(values.expr, expr);
  const body = ruleBody(values, 0);
  assert.equal(body.expr, expr);
  assert.equal(body.resolve, resolve);
});

test('numbers and durations read well', () => {
  assert.equal(fmt.count(12345), '12,345');
  assert.equal(fmt.num(0.000972), '0.000972');
  assert.equal(fmt.num(97.234), '97.2');
  assert.equal(fmt.percent(0.1), '10 %');
  assert.equal(fmt.duration(42), '42 s');
  assert.equal(fmt.duration(185), '3 min 5 s');
  assert.equal(fmt.duration(7800), '2 h 10 min');
  assert.equal(fmt.time('2026-11-22T10:00:00Z'), '2026-11-22 10:00 UTC');
  assert.equal(fmt.num(undefined), '—');
});
