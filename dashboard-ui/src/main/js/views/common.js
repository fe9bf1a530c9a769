// Pieces the views share: headings with actions, export buttons, throttled re-rendering, error notes, error
// rates with their level.
import { h } from '../dom.js';
import { errorLevel, percent } from '../format.js';

/** Calls fn at most once per `ms`, the last call always running. */
export function throttle(fn, ms) {
  let timer = null;
  let last = 0;
  return () => {
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      fn();
    }, wait);
  };
}

/** Listens to the live feed and returns the function that stops listening. */
export function listen(live, handlers) {
  for (const [type, fn] of Object.entries(handlers)) live.addEventListener(type, fn);
  return () => {
    for (const [type, fn] of Object.entries(handlers)) live.removeEventListener(type, fn);
  };
}

export function toolbar(...items) {
  return h('div', { class: 'toolbar' }, ...items);
}

export function button(label, onClick, attrs = {}) {
  return h('button', { type: 'button', ...attrs, on: { click: onClick } }, label);
}

/** A note for a failed call: the server's detail, as text. */
export function errorNote(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message || String(error));
}

export function table(headers, rows, attrs = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', attrs,
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows)));
}

/**
 * An error rate that shows its level (ok, warning, bad) as a word beside it, coloured: never colour alone.
 * Creates f[name] (the rate) and f[name + '-level'] (the word); setLevelled fills them.
 */
export function levelled(f, name) {
  f[name] = h('span', { 'data-field': name }, '—');
  f[`${name}-level`] = h('span', { class: 'level', 'data-field': `${name}-level`, hidden: true });
  return [f[name], ' ', f[`${name}-level`]];
}

export function setLevelled(f, name, ratio) {
  const level = errorLevel(ratio);
  const word = f[`${name}-level`];
  f[name].textContent = percent(ratio);
  if (level) {
    f[name].dataset.level = level;
    word.dataset.level = level;
    word.textContent = level;
  } else {
    delete f[name].dataset.level;
  }
  word.hidden = !level;
}

/** An error rate with its level, for a table cell. */
export function levelText(ratio) {
  const f = {};
  const parts = levelled(f, 'error-rate');
  setLevelled(f, 'error-rate', ratio);
  return parts;
}
