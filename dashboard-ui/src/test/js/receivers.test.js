// Unit tests of the receiver form's data and of the rule form's choice of webhook or receiver (node --test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deleteProblem, formField, parseGroupBy, receiverBody, receiverFieldErrors, receiverFormValues, templateKind } from '../../main/js/receivers-form.js';
import { fieldErrors, formValues, ruleBody } from '../../main/js/rules-form.js';

// A receiver as GET /api/receivers/{name} answers: URL masked, header values hidden.
const READ = {
  name: 'payments-slack', url: 'https://hooks.slack.com/***', headers: { Authorization: '***', 'X-Team': '***' },
  template: 'slack', content_type: 'application/json', group_by: ['rule_id', 'labels.team'],
  group_wait: '10s', group_interval: '1m', repeat_interval: '0s', created_at: '2026-11-22T10:00:00Z', version: 3,
};

test('a receiver as read fills the form, the masked URL and the hidden header values as shown', () => {
  const values = receiverFormValues(READ);
  assert.equal(values.name, 'payments-slack');
  assert.equal(values.url, 'https://hooks.slack.com/***');
  assert.equal(values.template_kind, 'slack');
  assert.equal(values.template_text, '');
  assert.deepEqual(values.headers, [{ name: 'Authorization', value: '***', stored: true }, { name: 'X-Team', value: '***', stored: true }]);
  assert.equal(values.group_by, 'rule_id, labels.team');
  assert.equal(values.repeat_interval, '0s');
  const custom = receiverFormValues({ ...READ, template: '{"text": "{alert.rule_name}"}' });
  assert.equal(custom.template_kind, 'custom');
  assert.equal(custom.template_text, '{"text": "{alert.rule_name}"}');
  const fresh = receiverFormValues(null);
  assert.equal(fresh.template_kind, 'generic');
  assert.equal(fresh.group_by, 'rule_id');
  assert.deepEqual(fresh.headers, []);
});

test('sent back unchanged, the form keeps the stored URL and header values (masked forms as read) and its version', () => {
  const body = receiverBody(receiverFormValues(READ), READ.version);
  assert.deepEqual(body, {
    name: 'payments-slack', url: 'https://hooks.slack.com/***', template: 'slack', content_type: 'application/json',
    headers: { Authorization: '***', 'X-Team': '***' }, group_by: ['rule_id', 'labels.team'],
    group_wait: '10s', group_interval: '1m', repeat_interval: '0s', version: 3,
  });
});

test('the form body: new values replace, empty optional fields are left out, a custom template is sent as its text', () => {
  const body = receiverBody({
    name: ' ops ', url: ' https://hooks.example.com/x ', template_kind: 'custom', template_text: '{alert.rule_name}\n',
    content_type: '', group_by: ' stream ,, severity ', group_wait: '', group_interval: ' 5m ', repeat_interval: '',
    headers: [
      { name: 'Authorization', value: '', stored: true }, // emptied: kept as stored
      { name: 'X-Env', value: 'prod', stored: true }, // typed anew: replaced
      { name: ' X-New ', value: 'v', stored: false },
      { name: '', value: 'ignored' },
    ],
  });
  assert.deepEqual(body, {
    name: 'ops', url: 'https://hooks.example.com/x', template: '{alert.rule_name}\n',
    headers: { Authorization: '***', 'X-Env': 'prod', 'X-New': 'v' }, group_by: ['stream', 'severity'], group_interval: '5m',
  });
  // A new header typed as "***" is sent as is: the server says it has no stored value to keep.
  assert.equal(receiverBody({ headers: [{ name: 'X', value: '***' }], template_kind: 'generic' }).headers.X, '***');
  assert.equal(receiverBody({ headers: [{ name: 'X', value: '' }], template_kind: 'generic' }).headers.X, '');
  // No URL on edit: left out, the stored one stays. Grouping emptied: one group for all.
  const edit = receiverBody({ ...receiverFormValues(READ), url: ' ', group_by: '' }, 3);
  assert.ok(!('url' in edit));
  assert.deepEqual(edit.group_by, []);
  assert.deepEqual(parseGroupBy(undefined), []);
  assert.equal(templateKind(undefined), 'generic');
});

test('every server error lands on its form field, parts of a field named, template errors with line and column', () => {
  const problem = {
    status: 400, detail: 'the receiver has 6 problems',
    errors: [
      { field: 'url', message: 'is a masked URL (*** hides its path): send the full URL' },
      { field: 'group_by[1]', message: "'team' is no group key" },
      { field: 'headers.X-A', message: 'holds a control character (a line break, say)' },
      { field: 'headers.Content-Type', message: 'is set by the server' },
      { field: 'template', message: 'unknown name rule_nmae', line: 2, column: 11 },
      { field: 'colour', message: 'unknown field' },
    ],
  };
  const { byField, other } = receiverFieldErrors(problem);
  assert.equal(byField.url, 'is a masked URL (*** hides its path): send the full URL');
  assert.equal(byField.group_by, "group_by[1]: 'team' is no group key");
  assert.equal(byField.headers, 'headers.X-A: holds a control character (a line break, say); headers.Content-Type: is set by the server');
  assert.equal(byField.template, 'unknown name rule_nmae (line 2, column 11)');
  assert.deepEqual(other, ['colour: unknown field']);
  assert.deepEqual(receiverFieldErrors({ status: 409, detail: 'a receiver named ops exists' }).other, ['a receiver named ops exists']);
  assert.equal(formField('group_wait'), 'group_wait');
  assert.equal(formField('headers'), 'headers');
  assert.equal(formField(null), null);
});

test('a refused delete names the rules that still name the receiver', () => {
  const one = { status: 409, message: 'in use', problem: { rules: ['r1 (p95 high)'] } };
  assert.equal(deleteProblem(one), 'Cannot delete: a rule names this receiver (r1 (p95 high)). Change or delete it first.');
  const two = { status: 409, message: 'in use', problem: { rules: ['r1 (a)', 'r2 (b)'] } };
  assert.match(deleteProblem(two), /^Cannot delete: 2 rules name this receiver \(r1 \(a\), r2 \(b\)\)\. Change or delete them first\.$/);
  assert.equal(deleteProblem({ status: 500, message: 'HTTP 500', problem: {} }), 'HTTP 500');
});

test('a rule sends the webhook or the receiver it chose, never both, and one naming a receiver opens with it chosen', () => {
  const base = { name: 'r', stream: 'a.*', expr: 'count > 1', severity: 'warning', enabled: true, webhook: 'https://h.example/x', receiver: 'ops' };
  const toReceiver = ruleBody({ ...base, notify: 'receiver' });
  assert.equal(toReceiver.receiver, 'ops');
  assert.ok(!('webhook' in toReceiver));
  const toWebhook = ruleBody({ ...base, notify: 'webhook' });
  assert.equal(toWebhook.webhook, 'https://h.example/x');
  assert.ok(!('receiver' in toWebhook));
  assert.ok(!('receiver' in ruleBody({ ...base, notify: undefined })), 'without a choice: the webhook');
  assert.ok(!('receiver' in ruleBody({ ...base, receiver: '', notify: 'receiver' })) && !('webhook' in ruleBody({ ...base, receiver: '', notify: 'receiver' })));

  const values = formValues({ name: 'r', stream: 'a.*', expr: 'count > 1', receiver: 'ops', enabled: true });
  assert.equal(values.notify, 'receiver');
  assert.equal(values.receiver, 'ops');
  assert.deepEqual(ruleBody(values, 2), { name: 'r', stream: 'a.*', expr: 'count > 1', receiver: 'ops', enabled: true, version: 2 });
  assert.equal(formValues({ name: 'r', webhook: 'https://h.example/x' }).notify, 'webhook');
  assert.equal(fieldErrors({ errors: [{ field: 'receiver', message: "no receiver named 'x'" }] }).byField.receiver, "no receiver named 'x'");
});
