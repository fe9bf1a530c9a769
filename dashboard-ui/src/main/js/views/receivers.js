// Receivers: the named notification targets rules can send to. The list (URLs masked by the server), a form
// to create or edit one that shows the server's validation problems next to their fields, and delete, which
// the server refuses while a rule names the receiver. URL and header values are write-only: the form shows
// them as read and sends them back unchanged unless typed anew, which keeps what is stored.
import { h, replace } from '../dom.js';
import { api, enc } from '../api.js';
import { BUILT_IN_TEMPLATES, deleteProblem, receiverBody, receiverFieldErrors, receiverFormValues } from '../receivers-form.js';
import { button, errorNote, table, toolbar } from './common.js';

const LABELS = {
  name: 'Name', url: 'URL', template: 'Template', content_type: 'Content type', headers: 'Headers',
  group_by: 'Group by', group_wait: 'Group wait', group_interval: 'Group interval', repeat_interval: 'Repeat interval',
};
const HINTS = {
  name: 'lowercase letters, digits, _ and -; cannot change later',
  url: 'http(s); shown masked once saved: leave it as shown to keep it',
  template: 'generic: the Alert JSON; slack: a Slack message; custom: Qute text',
  content_type: 'default application/json',
  headers: 'values are hidden once saved (***): leave *** to keep one',
  group_by: 'rule_id, severity, stream, labels.NAME, comma-separated; empty: one group for all',
  group_wait: 'default 10s', group_interval: 'default 1m', repeat_interval: 'default 4h; 0s: never repeat',
};
const TEXT_FIELDS = ['name', 'url', 'content_type', 'group_by', 'group_wait', 'group_interval', 'repeat_interval'];

export function receivers(root) {
  const listBox = h('div', { id: 'receivers-list' });
  const formBox = h('div', { id: 'receiver-form-box' });
  const notes = h('div', { class: 'notes', id: 'receivers-notes' });
  root.append(h('h1', {}, 'Receivers'),
    h('p', { class: 'notes' }, 'Named targets for notifications: a rule that names one sends its alerts there, grouped, with its template and headers.'),
    toolbar(button('New receiver', () => openForm(null), { id: 'new-receiver' })), notes, formBox, listBox);

  async function load() {
    try {
      drawList(await api('/api/receivers'));
    } catch (e) {
      replace(notes, errorNote(e));
    }
  }

  function drawList(list) {
    if (!list.length) {
      replace(listBox, h('p', { class: 'empty' }, 'No receivers yet.'));
      return;
    }
    replace(listBox, table(['name', 'url', 'template', 'group by', 'wait', 'interval', 'repeat', ''],
      list.map((r) => h('tr', { dataset: { receiver: r.name } },
        h('td', {}, r.name),
        h('td', { 'data-field': 'url' }, h('code', {}, r.url)),
        h('td', { 'data-field': 'template' }, BUILT_IN_TEMPLATES.includes(r.template) ? r.template : 'custom'),
        h('td', { 'data-field': 'group_by' }, r.group_by?.length ? r.group_by.join(', ') : '(one group)'),
        h('td', {}, r.group_wait), h('td', {}, r.group_interval),
        h('td', {}, r.repeat_interval === '0s' ? 'never' : r.repeat_interval),
        h('td', { class: 'actions' }, button('Edit', () => openForm(r)), deleteButton(r))))));
  }

  function deleteButton(r) {
    // Two clicks, no confirm() dialog: the second click within a few seconds deletes.
    const b = button('Delete', async () => {
      if (!b.dataset.armed) {
        b.dataset.armed = 'true';
        b.textContent = 'Really delete?';
        setTimeout(() => {
          delete b.dataset.armed;
          b.textContent = 'Delete';
        }, 4000);
        return;
      }
      try {
        await api(`/api/receivers/${enc(r.name)}`, { method: 'DELETE' });
        notes.replaceChildren();
        await load();
      } catch (err) {
        replace(notes, h('p', { class: 'error', role: 'alert', id: 'receiver-delete-error' }, deleteProblem(err)));
      }
    }, { class: 'danger' });
    return b;
  }

  function openForm(receiver) {
    notes.replaceChildren();
    const values = receiverFormValues(receiver);
    const inputs = {};
    const errors = {};
    const errorFor = (f) => {
      errors[f] = h('span', { class: 'field-error', id: `receiver-${f}-error`, 'data-error-for': f, role: 'alert' });
      return errors[f];
    };
    const field = (f, control, wide) => h('div', { class: wide ? 'field wide' : 'field' },
      h('label', { for: `receiver-${f}` }, LABELS[f]), control, HINTS[f] ? h('small', {}, HINTS[f]) : null, errorFor(f));
    for (const f of TEXT_FIELDS) {
      inputs[f] = h('input', { id: `receiver-${f}`, name: f, type: 'text', value: values[f], 'aria-describedby': `receiver-${f}-error` });
    }
    if (receiver) inputs.name.readOnly = true;

    // The template: a choice, and the Qute text for a custom one.
    inputs.template = h('select', { id: 'receiver-template', name: 'template', 'aria-describedby': 'receiver-template-error' },
      [...BUILT_IN_TEMPLATES, 'custom'].map((t) => h('option', { value: t, selected: values.template_kind === t }, t)));
    const templateText = h('textarea', { id: 'receiver-template-text', name: 'template_text', rows: 8, spellcheck: 'false',
      'aria-label': 'Custom template (Qute)', placeholder: '{"text": "{alert.rule_name} is {alert.state}"}' });
    templateText.value = values.template_text;
    const showTemplate = () => { templateText.hidden = inputs.template.value !== 'custom'; };
    inputs.template.addEventListener('change', showTemplate);

    // Headers: one row each; stored ones show "***" and keep their value unless it is typed anew.
    const headerRows = h('div', { class: 'header-rows', id: 'receiver-headers' });
    const headerRow = (header) => {
      const name = h('input', { type: 'text', value: header.name, 'aria-label': 'Header name', 'data-field': 'header-name', placeholder: 'Authorization' });
      const value = h('input', { type: 'text', value: header.value, 'aria-label': 'Header value', 'data-field': 'header-value' });
      const line = h('div', { class: 'header-row' }, name, value, button('Remove', () => line.remove(), { class: 'ghost' }));
      line.header = () => ({ name: name.value, value: value.value, stored: header.stored && name.value.trim() === header.name });
      return line;
    };
    values.headers.forEach((hd) => headerRows.append(headerRow(hd)));
    const addHeader = button('Add header', () => headerRows.append(headerRow({ name: '', value: '' })), { id: 'receiver-add-header' });

    const formError = h('p', { class: 'error', id: 'receiver-form-error', role: 'alert' });
    const form = h('form', { class: 'rule-form receiver-form', id: 'receiver-form', novalidate: true },
      h('h2', {}, receiver ? `Edit “${receiver.name}”` : 'New receiver'),
      field('name', inputs.name), field('url', inputs.url),
      field('template', [inputs.template, templateText], true),
      field('content_type', inputs.content_type),
      h('div', { class: 'field wide' }, h('span', { class: 'label' }, LABELS.headers), headerRows, addHeader,
        h('small', {}, HINTS.headers), errorFor('headers')),
      field('group_by', inputs.group_by), field('group_wait', inputs.group_wait),
      field('group_interval', inputs.group_interval), field('repeat_interval', inputs.repeat_interval),
      formError,
      h('div', { class: 'toolbar' }, h('button', { type: 'submit' }, receiver ? 'Save' : 'Create'),
        button('Cancel', () => formBox.replaceChildren())));

    const currentValues = () => ({
      ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, inputs[f].value])),
      template_kind: inputs.template.value,
      template_text: templateText.value,
      headers: [...headerRows.children].map((line) => line.header()),
    });

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      Object.values(errors).forEach((el) => { el.textContent = ''; });
      formError.textContent = '';
      try {
        const body = receiverBody(currentValues(), receiver?.version);
        if (receiver) await api(`/api/receivers/${enc(receiver.name)}`, { method: 'PUT', body });
        else await api('/api/receivers', { method: 'POST', body });
        formBox.replaceChildren();
        await load();
      } catch (err) {
        const { byField, other } = receiverFieldErrors(err.problem);
        for (const [f, text] of Object.entries(byField)) errors[f].textContent = text;
        formError.textContent = [err.status === 409 && receiver ? 'Someone changed this receiver meanwhile: reopen it and apply your change again.' : '', ...other]
          .filter(Boolean).join(' ') || (Object.keys(byField).length ? '' : err.message);
        const first = Object.keys(byField)[0];
        if (first) (first === 'headers' ? headerRows.querySelector('input') || addHeader : first === 'template' && !templateText.hidden ? templateText : inputs[first]).focus();
      }
    });
    replace(formBox, form);
    showTemplate();
    (receiver ? inputs.url : inputs.name).focus();
  }

  load();
  return () => {};
}
