// Alerts: the active ones (pending, firing) live from the WebSocket, each with an acknowledgement form and
// a "silence for 1 h" button, the history from REST with the time to acknowledge and to resolve, and the
// silences, which can be ended.
import { h, replace } from '../dom.js';
import { api, enc } from '../api.js';
import * as fmt from '../format.js';
import { downloadCsv, downloadJson } from '../export.js';
import { endable, matchersText, silenceFor } from '../silences.js';
import { button, errorNote, listen, table, throttle, toolbar } from './common.js';

const BY_KEY = 'pulseboard.ack-by';
const HISTORY_LIMIT = 200;

const HISTORY_COLUMNS = [
  ['rule', (a) => a.rule_name], ['stream', (a) => a.stream], ['severity', (a) => a.severity], ['state', (a) => a.state],
  ['value', (a) => a.value], ['threshold', (a) => a.threshold], ['firing_at', (a) => a.firing_at],
  ['resolved_at', (a) => a.resolved_at], ['acknowledged_by', (a) => a.acknowledged_by], ['comment', (a) => a.comment],
  ['time_to_acknowledge_s', (a) => a.time_to_acknowledge_s], ['time_to_resolve_s', (a) => a.time_to_resolve_s],
].map(([name, get]) => ({ name, get }));

export function alerts(root, live) {
  let history = [];
  let silences = [];
  const silencedBy = new Map(); // id of a pending or firing alert -> the silences silencing it (from REST)
  const acked = new Map(); // id -> the alert as the ack answered it, until the feed has it too
  const forms = new Map(); // id -> its acknowledgement form
  const byInput = h('input', { id: 'ack-by', value: localStorage.getItem(BY_KEY) || 'dashboard', 'aria-label': 'Acknowledge as' });
  byInput.addEventListener('change', () => localStorage.setItem(BY_KEY, byInput.value.trim()));
  const activeBox = h('div', { id: 'active-alerts' });
  const historyBox = h('div', { id: 'alert-history' });
  const silencesBox = h('div', { id: 'silences' });
  const notes = h('div', { class: 'notes' });

  root.append(
    h('h1', {}, 'Alerts'),
    toolbar(h('label', {}, 'Acknowledge as ', byInput),
      button('Export CSV', () => downloadCsv('alerts.csv', history, HISTORY_COLUMNS), { 'data-export': 'csv' }),
      button('Export JSON', () => downloadJson('alerts.json', history), { 'data-export': 'json' })),
    notes,
    h('h2', {}, 'Active'), activeBox,
    h('h2', {}, 'History'), historyBox,
    h('h2', {}, 'Silences'), silencesBox);

  function withAck(a) {
    const mine = acked.get(a.id);
    return mine && !a.acknowledged_at ? { ...a, acknowledged_by: mine.acknowledged_by, acknowledged_at: mine.acknowledged_at, comment: mine.comment } : a;
  }

  function drawActive() {
    const active = live.activeAlerts().map(withAck)
      .sort((a, b) => (a.state === b.state ? a.stream.localeCompare(b.stream) : a.state === 'firing' ? -1 : 1));
    if (!active.length) {
      replace(activeBox, h('p', { class: 'empty' }, 'No active alerts.'));
      return;
    }
    // Moving the forms into the new table takes the focus from a comment being typed: it is given back.
    const focused = activeBox.contains(document.activeElement) ? document.activeElement : null;
    replace(activeBox, table(['severity', 'rule', 'stream', 'state', 'value', 'threshold', 'since', 'acknowledgement', 'silence'],
      active.map((a) => h('tr', { dataset: { alertId: a.id, state: a.state }, class: live.status === 'connected' ? '' : 'stale' },
        h('td', {}, h('span', { class: 'badge', dataset: { severity: a.severity } }, a.severity)),
        h('td', {}, a.rule_name),
        h('td', {}, a.stream),
        h('td', { 'data-field': 'state' }, a.state),
        h('td', {}, fmt.num(a.value)),
        h('td', {}, fmt.num(a.threshold)),
        h('td', {}, fmt.time(a.firing_at || a.pending_at)),
        h('td', {}, a.acknowledged_at ? ackText(a) : ackForm(a)),
        h('td', {}, silenceCell(a))))));
    if (focused?.isConnected && document.activeElement !== focused) focused.focus();
  }

  function ackText(a) {
    return h('span', { 'data-field': 'acknowledged' },
      `by ${a.acknowledged_by} at ${fmt.time(a.acknowledged_at)}${a.comment ? `: ${a.comment}` : ''}`);
  }

  function ackForm(a) {
    // The same form across redraws, so a comment being typed survives an update of the table.
    if (!forms.has(a.id)) forms.set(a.id, newAckForm(a));
    return forms.get(a.id);
  }

  function newAckForm(a) {
    const comment = h('input', { type: 'text', placeholder: 'comment', 'data-field': 'comment', 'aria-label': 'Comment' });
    const error = h('span', { class: 'field-error' });
    const form = h('form', { class: 'ack' }, comment, h('button', { type: 'submit' }, 'Acknowledge'), error);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const answer = await api(`/api/alerts/${enc(a.id)}/ack`, { method: 'POST', body: { by: byInput.value.trim(), comment: comment.value } });
        acked.set(a.id, answer);
        drawActive();
        loadHistory();
      } catch (err) {
        error.textContent = err.message;
      }
    });
    return form;
  }

  function silenceCell(a) {
    const by = silencedBy.get(a.id) || [];
    if (by.length) return h('span', { 'data-field': 'silenced' }, 'silenced');
    return button('Silence 1 h', async (e) => {
      try {
        await api('/api/silences', { method: 'POST', body: silenceFor(a, byInput.value.trim(), 1) });
        loadHistory();
      } catch (err) {
        e.target.replaceWith(h('span', { class: 'field-error' }, err.message));
      }
    }, { 'data-action': 'silence' });
  }

  async function loadSilences() {
    try {
      silences = await api('/api/silences?limit=100');
    } catch (e) {
      replace(silencesBox, errorNote(e));
      return;
    }
    replace(silencesBox, silences.length ? table(['state', 'matchers', 'starts', 'ends', 'by', 'comment', ''],
      silences.map((s) => h('tr', { dataset: { silenceId: s.id, state: s.state } },
        h('td', { 'data-field': 'state' }, s.state), h('td', {}, matchersText(s.matchers)),
        h('td', {}, fmt.time(s.starts_at)), h('td', {}, fmt.time(s.ended_at || s.ends_at)),
        h('td', {}, s.created_by), h('td', {}, s.comment),
        h('td', {}, endable(s) ? button('End', async () => {
          try {
            await api(`/api/silences/${enc(s.id)}`, { method: 'DELETE' });
          } catch (err) {
            replace(notes, errorNote(err));
          }
          loadHistory();
        }, { 'data-action': 'end-silence' }) : ''))))
      : h('p', { class: 'empty' }, 'No silences.'));
  }

  async function loadHistory() {
    try {
      history = await api(`/api/alerts?limit=${HISTORY_LIMIT}`);
      silencedBy.clear();
      for (const a of history) {
        if (a.state === 'pending' || a.state === 'firing') live.putAlert(a, false);
        if (a.silenced_by?.length) silencedBy.set(a.id, a.silenced_by);
      }
      notes.replaceChildren();
    } catch (e) {
      replace(notes, errorNote(e));
    }
    replace(historyBox, history.length ? table(['rule', 'stream', 'severity', 'state', 'fired', 'resolved', 'acknowledged', 'time to ack', 'time to resolve'],
      history.map((a) => h('tr', { dataset: { alertId: a.id } },
        h('td', {}, a.rule_name), h('td', {}, a.stream), h('td', {}, a.severity), h('td', {}, a.state),
        h('td', {}, fmt.time(a.firing_at)), h('td', {}, fmt.time(a.resolved_at)),
        h('td', {}, a.acknowledged_by ? `${a.acknowledged_by}${a.comment ? `: ${a.comment}` : ''}` : '—'),
        h('td', {}, fmt.duration(a.time_to_acknowledge_s)), h('td', {}, fmt.duration(a.time_to_resolve_s)))))
      : h('p', { class: 'empty' }, 'No alerts yet.'));
    drawActive();
    loadSilences();
  }

  const historySoon = throttle(loadHistory, 2000);
  const stop = listen(live, {
    alert: () => {
      drawActive();
      historySoon();
    },
    status: drawActive,
    resync: loadHistory,
  });
  live.want(['**'], ['alerts']);
  drawActive();
  loadHistory();
  return stop;
}
