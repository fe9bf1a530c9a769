// The dashboard: a hash router over four views, the connection status and the theme.
import { Live } from './live.js';
import { overview } from './views/overview.js';
import { detail } from './views/detail.js';
import { alerts } from './views/alerts.js';
import { rules } from './views/rules.js';

const STATUS_TEXT = { connecting: 'connecting', connected: 'connected', reconnecting: 'reconnecting', offline: 'offline' };

const live = new Live();
const root = document.getElementById('view');
let cleanup = () => {};

function route() {
  cleanup();
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const [name, ...rest] = hash.split('/');
  const views = { '': overview, alerts, rules };
  const view = name === 'stream' && rest.length ? detail : views[name] || overview;
  document.querySelectorAll('[data-nav]').forEach((a) => {
    a.classList.toggle('current', a.dataset.nav === (view === detail ? 'overview' : name || 'overview'));
  });
  root.replaceChildren();
  cleanup = view(root, live, rest.join('/')) || (() => {});
}

function showStatus() {
  const el = document.getElementById('connection');
  el.dataset.state = live.status;
  el.textContent = STATUS_TEXT[live.status];
  el.title = live.status === 'connected' ? 'Live: numbers update as events arrive'
    : 'Not live: numbers shown are from before the connection was lost';
  document.body.classList.toggle('not-live', live.status !== 'connected');
}

function setupTheme() {
  const stored = localStorage.getItem('pulseboard.theme');
  const dark = stored ? stored === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  document.getElementById('theme').addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('pulseboard.theme', next);
    route(); // charts take their colours from the theme
  });
}

setupTheme();
live.addEventListener('status', showStatus);
window.addEventListener('hashchange', route);
showStatus();
route();
live.start();
