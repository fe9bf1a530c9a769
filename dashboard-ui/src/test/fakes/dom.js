// A small DOM for node tests of what the views build: elements, text nodes, attributes, events and simple
// selectors. It has no HTML parser on purpose: innerHTML, outerHTML, insertAdjacentHTML and document.write
// throw, so a test fails whenever code tries to turn a string into markup.

const noMarkup = (what) => () => {
  throw new Error(`${what}: the dashboard builds no markup from strings`);
};

export class Node extends EventTarget {
  constructor() {
    super();
    this.parentNode = null;
    this.childNodes = [];
  }

  get children() {
    return this.childNodes.filter((c) => c instanceof Element);
  }

  get textContent() {
    return this.childNodes.map((c) => c.textContent).join('');
  }

  set textContent(value) {
    this.replaceChildren();
    if (value !== '' && value !== null && value !== undefined) this.append(String(value));
  }

  get isConnected() {
    let n = this;
    while (n.parentNode) n = n.parentNode;
    return n instanceof Document;
  }

  append(...nodes) {
    for (const n of nodes) this.appendChild(typeof n === 'string' ? new Text(n) : n);
  }

  appendChild(node) {
    return this.insertBefore(node, null);
  }

  insertBefore(node, ref) {
    if (!(node instanceof Node)) throw new TypeError('not a node');
    node.remove();
    const at = ref ? this.childNodes.indexOf(ref) : -1;
    if (at < 0) this.childNodes.push(node);
    else this.childNodes.splice(at, 0, node);
    node.parentNode = this;
    return node;
  }

  removeChild(node) {
    const at = this.childNodes.indexOf(node);
    if (at >= 0) this.childNodes.splice(at, 1);
    node.parentNode = null;
    return node;
  }

  remove() {
    this.parentNode?.removeChild(this);
  }

  replaceChildren(...nodes) {
    for (const c of [...this.childNodes]) this.removeChild(c);
    this.append(...nodes);
  }

  /** Every element below this node, in document order. */
  *descendants() {
    for (const c of this.childNodes) {
      if (c instanceof Element) {
        yield c;
        yield* c.descendants();
      }
    }
  }

  /** Simple selectors only: tag, #id, .class, [attr] and [attr=value], combined, and descendants separated by spaces. */
  querySelectorAll(selector) {
    const steps = selector.trim().split(/\s+(?![^[]*\])/).map(parseCompound);
    let found = [this];
    for (const step of steps) {
      const next = new Set();
      for (const root of found) for (const el of root.descendants()) if (step(el)) next.add(el);
      found = [...next];
    }
    return found;
  }

  querySelector(selector) {
    return this.querySelectorAll(selector)[0] || null;
  }
}

function parseCompound(text) {
  const tests = [];
  const re = /([a-zA-Z][\w-]*)|#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\]]*)))?\]/g;
  let seen = 0;
  for (const m of text.matchAll(re)) {
    if (m.index !== seen) throw new Error(`fake DOM: selector not supported: ${text}`);
    seen = m.index + m[0].length;
    if (m[1]) tests.push((el) => el.localName === m[1].toLowerCase());
    else if (m[2]) tests.push((el) => el.getAttribute('id') === m[2]);
    else if (m[3]) tests.push((el) => el.classList.contains(m[3]));
    else {
      const value = m[5] ?? m[6] ?? m[7];
      tests.push((el) => el.hasAttribute(m[4]) && (value === undefined || el.getAttribute(m[4]) === value));
    }
  }
  if (seen !== text.length) throw new Error(`fake DOM: selector not supported: ${text}`);
  return (el) => tests.every((t) => t(el));
}

export class Text extends Node {
  constructor(data) {
    super();
    this.data = String(data);
  }

  get textContent() {
    return this.data;
  }

  set textContent(value) {
    this.data = String(value);
  }
}

export class Element extends Node {
  constructor(tag) {
    super();
    this.localName = tag.toLowerCase();
    this.tagName = tag.toUpperCase();
    this.attributes = new Map();
    this.hidden = false;
    this.disabled = false;
    this.open = false;
    this.title = '';
    const el = this;
    this.dataset = new Proxy({}, {
      get: (_, key) => el.getAttribute(`data-${kebab(key)}`) ?? undefined,
      set: (_, key, value) => {
        el.setAttribute(`data-${kebab(key)}`, String(value));
        return true;
      },
      deleteProperty: (_, key) => {
        el.removeAttribute(`data-${kebab(key)}`);
        return true;
      },
    });
    this.classList = {
      contains: (c) => (el.getAttribute('class') || '').split(/\s+/).includes(c),
      add: (c) => !el.classList.contains(c) && el.setAttribute('class', `${el.getAttribute('class') || ''} ${c}`.trim()),
      remove: (c) => el.setAttribute('class', (el.getAttribute('class') || '').split(/\s+/).filter((x) => x && x !== c).join(' ')),
      toggle: (c, on = !el.classList.contains(c)) => {
        if (on) el.classList.add(c);
        else el.classList.remove(c);
        return on;
      },
    };
  }

  setAttribute(name, value) {
    if (/^on/i.test(name)) throw new Error(`fake DOM: an event handler attribute (${name}) is never set`);
    this.attributes.set(name.toLowerCase(), String(value));
  }

  getAttribute(name) {
    return this.attributes.has(name.toLowerCase()) ? this.attributes.get(name.toLowerCase()) : null;
  }

  hasAttribute(name) {
    return this.attributes.has(name.toLowerCase());
  }

  removeAttribute(name) {
    this.attributes.delete(name.toLowerCase());
  }

  get value() {
    if (this.localName === 'select' && this._value === undefined) {
      const options = this.querySelectorAll('option');
      const chosen = options.find((o) => o.selected || o.hasAttribute('selected')) || options[0];
      return chosen ? chosen.getAttribute('value') ?? chosen.textContent : '';
    }
    return this._value ?? this.getAttribute('value') ?? '';
  }

  set value(v) {
    this._value = String(v);
  }
}
for (const name of ['innerHTML', 'outerHTML']) {
  Object.defineProperty(Element.prototype, name, { get: noMarkup(name), set: noMarkup(name) });
}
Element.prototype.insertAdjacentHTML = noMarkup('insertAdjacentHTML');

function kebab(key) {
  return String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export class Document extends Node {
  constructor() {
    super();
    this.body = this.appendChild(new Element('body'));
  }

  createElement(tag) {
    return new Element(tag);
  }

  createTextNode(data) {
    return new Text(data);
  }

  getElementById(id) {
    return this.querySelector(`#${id}`);
  }
}
Document.prototype.write = noMarkup('document.write');

/** Puts a new document (and Node) where the dashboard's code looks for them; returns the document. */
export function installDom() {
  const doc = new Document();
  globalThis.document = doc;
  globalThis.Node = Node;
  return doc;
}

/** The text nodes below a node. */
export function textNodes(node) {
  const found = [];
  for (const c of node.childNodes) {
    if (c instanceof Text) found.push(c);
    else found.push(...textNodes(c));
  }
  return found;
}
