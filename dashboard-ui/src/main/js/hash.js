// The page's state in the URL hash, so that a link reproduces the view: which view, the selected stream,
// and the filter, sort and range of the stream views. Defaults are left out of the hash. Pure, tested under node.
//
//   #/                                   all streams
//   #/?filter=checkout.*&sort=errors     filtered, worst error rate first
//   #/stream/checkout.api?range=6h       one stream over 6 hours (the filter and sort ride along, for "back";
//                                        the range does not go back with them: every stream opens on 60 min)
//   #/alerts   #/rules   #/receivers   #/errors   #/dead-letters

import { SORT_LABELS } from './sort.js';

export const SORTS = Object.keys(SORT_LABELS);
export const RANGES = ['60m', '6h', '24h', '7d', '30d'];
export const DEFAULTS = Object.freeze({ filter: '', sort: 'name', range: '60m' });
const VIEWS = ['overview', 'stream', 'alerts', 'rules', 'receivers', 'errors', 'dead-letters'];
// Views without a state of their own in the hash.
const PLAIN = ['alerts', 'rules', 'receivers', 'errors', 'dead-letters'];

/** {view, stream, filter, sort, range} from a hash ("#/stream/a.b?range=6h"); anything unknown is the default. */
export function parseHash(hash) {
  const text = String(hash || '').replace(/^#\/?/, '');
  const q = text.indexOf('?');
  const path = q < 0 ? text : text.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : text.slice(q + 1));
  const [first, ...rest] = path.split('/');
  const name = safeDecode(first);
  const stream = rest.length ? safeDecode(rest.join('/')) : '';
  let view = 'overview';
  if (name === 'stream' && stream) view = 'stream';
  else if (PLAIN.includes(name)) view = name;
  const sort = params.get('sort');
  const range = params.get('range');
  return {
    view,
    stream: view === 'stream' ? stream : '',
    filter: (params.get('filter') || '').trim(),
    sort: SORTS.includes(sort) ? sort : DEFAULTS.sort,
    range: RANGES.includes(range) ? range : DEFAULTS.range,
  };
}

/** The hash of a state; parseHash(formatHash(s)) gives s back (for the fields of its view: no range for the overview). */
export function formatHash(state) {
  const view = VIEWS.includes(state.view) ? state.view : 'overview';
  if (PLAIN.includes(view)) return `#/${view}`;
  const params = new URLSearchParams();
  for (const key of view === 'stream' ? ['filter', 'sort', 'range'] : ['filter', 'sort']) {
    const value = key === 'filter' ? (state.filter || '').trim() : state[key];
    if (value && value !== DEFAULTS[key]) params.set(key, value);
  }
  const query = params.toString();
  const path = view === 'stream' && state.stream ? `stream/${encodeURIComponent(state.stream)}` : '';
  return `#/${path}${query ? `?${query}` : ''}`;
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
