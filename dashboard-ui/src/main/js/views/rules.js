// Rules: the list, with enable, disable and delete, and a form to create or edit a rule that shows the
// server's validation problems next to their fields. A rule notifies a webhook URL or a receiver chosen
// from the receivers' list.
import { h, replace } from '../dom.js';
import { api, enc } from '../api.js';
import { FIELDS, NOTIFY, fieldErrors, formValues, parseLabels, ruleBody } from '../rules-form.js';
import { asRuleProblem, previewLabel, runPreview } from '../rule-preview.js';
import { previewView } from './rule-preview.js';
import { button, errorNote, table, toolbar } from './common.js';

const LABELS = {
  name: 'Name', stream: 'Stream (name or glob)', expr: 'Condition', window: 'Window', for: 'For',
  keep_firing_for: 'Keep firing for', resolve: 'Resolve when', severity: 'Severity', description: 'Description',
  labels: 'Labels (key=value, …)', webhook: 'Webhook URL', receiver: 'Receiver',
};
const HINTS = {
  expr: 'comparisons of metrics joined with and, or, not, e.g. p95(latency_ms) > 500, errors / count > 0.05 and count > 100, or p95(latency_ms) > 2 * p95(latency_ms) offset 1d', window: '1m to 60m, or whole hours 2h to 7d (default 5m)',
  for: 'how long the condition holds before firing, e.g. 1m', resolve: 'optional second condition before resolving',
  webhook: 'optional: the Alert JSON is POSTed here at each change', receiver: 'its template, headers and grouping apply (see Receivers)',
};

export function rules(root) {
  const listBox = h('div', { id: 'rules-list' });
  const formBox = h('div', { id: 'rule-form-box' });
  const notes = h('div', { class: 'notes' });
  root.append(h('h1', {}, 'Rules'), toolbar(button('New rule', () => openForm(null), { id: 'new-rule' })), notes, formBox, listBox);

  async function load() {
    try {
      const list = await api('/api/rules');
      notes.replaceChildren();
      drawList(list);
    } catch (e) {
      replace(notes, errorNote(e));
    }
  }

  function drawList(list) {
    if (!list.length) {
      replace(listBox, h('p', { class: 'empty' }, 'No rules yet.'));
      return;
    }
    replace(listBox, table(['name', 'stream', 'condition', 'severity', 'enabled', ''],
      list.map((r) => h('tr', { dataset: { ruleId: r.id } },
        h('td', {}, r.name), h('td', {}, r.stream), h('td', {}, h('code', {}, r.expr)), h('td', {}, r.severity || ''),
        h('td', { 'data-field': 'enabled' }, r.enabled === false ? 'no' : 'yes'),
        h('td', { class: 'actions' },
          button('Edit', () => openForm(r)),
          button(r.enabled === false ? 'Enable' : 'Disable', () => act(`/api/rules/${enc(r.id)}/${r.enabled === false ? 'enable' : 'disable'}`, 'POST')),
          deleteButton(r))))));
  }

  function deleteButton(r) {
    // Two clicks, no confirm() dialog: the second click within a few seconds deletes.
    const b = button('Delete', async () => {
      if (b.dataset.armed) {
        await act(`/api/rules/${enc(r.id)}`, 'DELETE');
        return;
      }
      b.dataset.armed = 'true';
      b.textContent = 'Really delete?';
      setTimeout(() => {
        delete b.dataset.armed;
        b.textContent = 'Delete';
      }, 4000);
    }, { class: 'danger' });
    return b;
  }

  async function act(path, method) {
    try {
      await api(path, { method });
      await load();
    } catch (e) {
      replace(notes, errorNote(e));
    }
  }

  function openForm(rule) {
    const values = rule ? formValues(rule) : { severity: 'warning', window: '5m', enabled: true, notify: 'webhook' };
    const inputs = {};
    const errors = {};
    const rows = {};
    const row = (f) => {
      const attrs = { id: `rule-${f}`, name: f, 'aria-describedby': `rule-${f}-error` };
      if (f === 'severity') {
        inputs[f] = h('select', attrs, ['info', 'warning', 'critical'].map((s) => h('option', { value: s, selected: values[f] === s }, s)));
      } else if (f === 'receiver') {
        inputs[f] = h('select', attrs, h('option', { value: '' }, '— choose a receiver —'),
          values.receiver ? h('option', { value: values.receiver, selected: true }, values.receiver) : null);
      } else {
        inputs[f] = h('input', { ...attrs, type: 'text', value: values[f] ?? '' });
      }
      errors[f] = h('span', { class: 'field-error', id: `rule-${f}-error`, 'data-error-for': f, role: 'alert' });
      rows[f] = h('div', { class: 'field', dataset: { fieldRow: f } }, h('label', { for: `rule-${f}` }, LABELS[f]), inputs[f],
        HINTS[f] ? h('small', {}, HINTS[f]) : null, errors[f]);
      return f === 'webhook' ? [notifyChoice, rows[f]] : rows[f];
    };
    // Webhook URL or receiver: only the chosen one's field shows, and only it is sent.
    const notifyRadios = NOTIFY.map((n) => h('input', { type: 'radio', name: 'notify', value: n, id: `rule-notify-${n}`, checked: values.notify === n }));
    const notifyChoice = h('fieldset', { class: 'field notify', id: 'rule-notify' }, h('legend', {}, 'Notify'),
      notifyRadios.map((radio, i) => h('label', { for: radio.id }, radio, ` ${LABELS[NOTIFY[i]]}`)));
    const notify = () => notifyRadios.find((r) => r.checked)?.value || 'webhook';
    const showNotify = () => NOTIFY.forEach((n) => { rows[n].hidden = notify() !== n; });
    notifyRadios.forEach((r) => r.addEventListener('change', showNotify));
    const enabled = h('input', { type: 'checkbox', id: 'rule-enabled', checked: values.enabled });
    const formError = h('p', { class: 'error', id: 'rule-form-error', role: 'alert' });
    const warnings = h('p', { class: 'notes', id: 'rule-warnings' });
    const previewBox = h('div', { class: 'rule-preview-box', id: 'rule-preview-box' });
    const form = h('form', { class: 'rule-form', id: 'rule-form', novalidate: true },
      h('h2', {}, rule ? `Edit “${rule.name}”` : 'New rule'),
      FIELDS.map(row),
      h('div', { class: 'field' }, h('label', {}, enabled, ' enabled')),
      formError, warnings,
      h('div', { class: 'toolbar' }, h('button', { type: 'submit' }, rule ? 'Save' : 'Create'),
        button(previewLabel(values), () => preview(), { id: 'rule-preview-button' }),
        button('Cancel', () => formBox.replaceChildren())),
      previewBox);

    const currentValues = () => {
      const current = Object.fromEntries(FIELDS.map((f) => [f, inputs[f].value]));
      current.enabled = enabled.checked;
      current.notify = notify();
      return current;
    };
    const showProblems = (err) => {
      const { byField, other } = fieldErrors(err.problem);
      for (const [f, text] of Object.entries(byField)) errors[f].textContent = text;
      return { byField, other };
    };
    const clearProblems = () => {
      Object.values(errors).forEach((el) => { el.textContent = ''; });
      formError.textContent = '';
    };

    // The rule as it stands in the form, replayed over the last 24 h (7 days for a window of hours); nothing is saved.
    inputs.window.addEventListener('input', () => { form.querySelector('#rule-preview-button').textContent = previewLabel(currentValues()); });
    async function preview() {
      clearProblems();
      const current = currentValues();
      const labelProblems = parseLabels(current.labels).problems;
      if (labelProblems.length) {
        errors.labels.textContent = labelProblems.join('; ');
        return;
      }
      replace(previewBox, h('p', { class: 'notes' }, `Replaying the ${previewLabel(current).slice(9, -1)}…`));
      try {
        replace(previewBox, previewView(await runPreview(api, current)));
      } catch (err) {
        previewBox.replaceChildren();
        err.problem = asRuleProblem(err.problem);
        const { byField, other } = showProblems(err);
        formError.textContent = other.join(' ') || (Object.keys(byField).length ? '' : err.message);
      }
    }

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearProblems();
      const current = currentValues();
      const labelProblems = parseLabels(current.labels).problems;
      if (labelProblems.length) {
        errors.labels.textContent = labelProblems.join('; ');
        return;
      }
      try {
        const saved = rule
          ? await api(`/api/rules/${enc(rule.id)}`, { method: 'PUT', body: ruleBody(current, rule.version) })
          : await api('/api/rules', { method: 'POST', body: ruleBody(current) });
        formBox.replaceChildren();
        if (saved?.warnings?.length) replace(notes, h('p', { class: 'notes', id: 'rule-saved-warnings' }, `Saved, with warnings: ${saved.warnings.join('; ')}`));
        await load();
      } catch (err) {
        const { byField, other } = showProblems(err);
        formError.textContent = [err.status === 409 ? 'Someone changed this rule meanwhile: reopen it and apply your change again.' : '', ...other]
          .filter(Boolean).join(' ') || (Object.keys(byField).length ? '' : err.message);
        const first = Object.keys(byField)[0];
        if (first) inputs[first].focus();
      }
    });
    replace(formBox, form);
    showNotify();
    loadReceivers(inputs.receiver, errors.receiver, values.receiver);
    inputs.name.focus();
  }

  /** Fills the receiver choice from GET /api/receivers, keeping the one the rule names selected. */
  async function loadReceivers(select, error, chosen) {
    try {
      const list = await api('/api/receivers');
      const current = select.value || chosen || '';
      const names = list.map((r) => r.name);
      if (current && !names.includes(current)) names.push(current);
      replace(select, h('option', { value: '' }, list.length ? '— choose a receiver —' : '— no receivers yet —'),
        names.map((n) => h('option', { value: n, selected: n === current }, n)));
      select.value = current;
    } catch (e) {
      error.textContent = `The receivers could not be read: ${e.message}`;
    }
  }

  load();
  return () => {};
}
