// Errors: the recent errors of every stream, newest first, live from the `errors` feed of all streams, in the
// list the Events panel of a stream uses (event-list.js), with a filter by stream too.
import { h } from '../dom.js';
import { api, query } from '../api.js';
import { eventList } from './event-list.js';

export function errors(root, live, nav) {
  const list = eventList({
    id: 'errors-list', title: 'Recent errors', live, owner: 'errors-view', streams: ['**'], kind: 'errors',
    status: 'error', byStream: true, streamHref: (stream) => nav.href({ view: 'stream', stream }),
    read: (q) => api(`/api/events/recent?${query(q)}`),
    accept: (re) => re?.event?.status === 'error',
  });
  // The list holds the view's only subscription.
  live.want([]);
  root.append(h('h1', {}, 'Errors'),
    h('p', { class: 'notes' }, 'The last errors of every stream as the aggregator keeps them, then new ones as they come.'),
    list.el);
  return list.stop;
}
