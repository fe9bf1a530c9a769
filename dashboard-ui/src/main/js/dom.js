// Builds DOM nodes from data without ever parsing markup: text goes through text nodes, so stream
// names, tags, error types and rule text can never become HTML (and no inline script or style is needed).

/**
 * h('a', {href: '#/', class: 'x', dataset: {stream: s}, on: {click: f}}, 'text', child, [more])
 * Attributes are set with setAttribute (never 'style' or 'on*' strings); strings become text nodes.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'style' || key.startsWith('on')) {
      throw new Error(`h(): ${key} is not set from strings`);
    } else if (key in el && typeof value !== 'string') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}
