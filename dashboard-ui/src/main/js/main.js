// The dashboard: a router over four views driven by the URL hash (hash.js), the connection status, a UTC
// clock and the theme.
import { Live } from './live.js';
import { tokenPrompt, tokenWanted } from './auth.js';
import { formatHash, parseHash } from './hash.js';
import { clock } from './format.js';
import { overview } from './views/overview.js';
import { detail } from './views/detail.js';
import { alerts } from './views/alerts.js';
import { rules } from './views/rules.js';

const STATUS_TEXT = {
  connecting: 'connecting', connected: 'connected', reconnecting: 'reconnecting', offline: 'offline', token: 'token needed',
};

const live = new Live();
const root = document.getElementById('view');
let cleanup = () => {};

/**
 * What the views read and change of the page's state. A change is written to the hash in place (no new
 * history entry, no reload of the view), so that the address always reproduces what is shown.
 */
const nav = {
  state: parseHash(location.hash),
  set(patch) {
    this.state = { ...this.state, ...patch };
    const hash = formatHash(this.state);
    if (hash !== location.hash) history.replaceState(null, '', hash);
    showNav();
  },
  /** The hash of the current state with `patch` applied, for links. */
  href(patch) {
    return formatHash({ ...this.state, ...patch });
  },
};

function route() {
  cleanup();
  nav.state = parseHash(location.hash);
  const views = { overview, stream: detail, alerts, rules };
  showNav();
  root.replaceChildren();
  cleanup = views[nav.state.view](root, live, nav) || (() => {});
}

function showNav() {
  const current = nav.state.view === 'stream' ? 'overview' : nav.state.view;
  document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('current', a.dataset.nav === current));
  // "Streams" goes back to the streams with the filter and order chosen.
  document.querySelector('[data-nav=overview]').setAttribute('href', nav.href({ view: 'overview', stream: '' }));
}

function showStatus() {
  const el = document.getElementById('connection');
  // Waiting for a token is said only while there is no connection: a viewer connected with its token stays connected.
  const state = live.status !== 'connected' && tokenWanted() ? 'token' : live.status;
  el.dataset.state = state;
  el.textContent = STATUS_TEXT[state];
  el.title = {
    connected: 'Live: numbers update as events arrive',
    connecting: 'Connecting to the live feed',
    token: 'Waiting for an access token',
    reconnecting: 'Not live: the connection was lost; reconnecting',
    offline: live.everConnected ? 'Not live: the connection was lost; retrying' : 'Cannot reach the gateway; retrying',
  }[state];
  document.body.classList.toggle('not-live', live.everConnected && live.status !== 'connected');
}

function showClock() {
  document.getElementById('clock').textContent = `${clock(live.now())} UTC`;
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
tokenPrompt.addEventListener('change', showStatus);
window.addEventListener('hashchange', route);
showStatus();
showClock();
setInterval(showClock, 1000);
route();
live.start();
