// The preview of a rule in the rules form: one row per stream with a timeline of slots (half hours over
// 24 h, 3 hours over 7 days; CSS classes, no inline style) and its numbers and alerts as text.
import { h } from '../dom.js';
import { slots, summary } from '../rule-preview.js';

const time = (iso) => (iso ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : '');

export function previewView(preview) {
  const streams = preview.streams || [];
  const head = h('p', { class: 'notes' },
    `${streams.length} ${streams.length === 1 ? 'stream' : 'streams'} from ${time(preview.from)} to ${time(preview.to)}, every ${preview.step}`,
    preview.truncated ? ' (only the first streams: narrow the glob to see the rest)' : '');
  if (!streams.length) return h('div', { class: 'rule-preview', id: 'rule-preview' }, head, h('p', { class: 'empty' }, 'No stream matching this rule has data in the range.'));
  return h('div', { class: 'rule-preview', id: 'rule-preview' }, head,
    streams.map((s) => h('div', { class: 'preview-stream', dataset: { stream: s.stream } },
      h('div', { class: 'preview-name' }, h('code', {}, s.stream), ' ', h('span', { class: 'preview-summary' }, summary(s))),
      h('div', { class: 'timeline', role: 'img', 'aria-label': `${s.stream}: ${summary(s)}` },
        slots(s.alerts, preview.from, preview.to).map((state) => h('span', { class: state ? `slot ${state}` : 'slot' }))),
      s.alerts.length
        ? h('ul', { class: 'preview-alerts' }, s.alerts.map((a) => h('li', {},
          a.firing_at ? `firing ${time(a.firing_at)}` : `pending ${time(a.pending_at)}`,
          a.resolved_at ? ` → resolved ${time(a.resolved_at)}` : ' → still live at the end',
          a.max_value !== null && a.max_value !== undefined ? `, max ${a.max_value}` : '')))
        : null)));
}
