// The dashboard: a router over its views driven by the URL hash (hash.js), the connection status, the badge of
// dead letters not seen yet, a UTC clock and the theme.
import { Live } from './live.js';
import { tokenPrompt, tokenWanted } from './auth.js';
import { formatHash, parseHash } from './hash.js';
import { api, query } from './api.js';
import { clock, count } from './format.js';
import { UnseenDeadLetters, seenStore } from './deadletters.js';
import { overview } from './views/overview.js';
import { detail } from './views/detail.js';
import { alerts } from './views/alerts.js';
import { rules } from './views/rules.js';
import { receivers } from './views/receivers.js';
import { errors } from './views/errors.js';
import { deadLetters } from './views/dead-letters.js';

const STATUS_TEXT = {
  connecting: 'connecting', connected: 'connected', reconnecting: 'reconnecting', offline: 'offline', token: 'token needed',
};

const live = new Live();
const root = document.getElementById('view');
let cleanup = () => {};
const unseen = new UnseenDeadLetters(seenStore(localStorage));
/** What the dead-letters view tells the badge. */
const badge = {
  seen() {
    unseen.seen(new Date(live.now()).toISOString());
    showBadge();
  },
};

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
  const views = { overview, stream: detail, alerts, rules, receivers, errors, 'dead-letters': deadLetters };
  showNav();
  root.replaceChildren();
  cleanup = views[nav.state.view](root, live, nav, badge) || (() => {});
}

function showNav() {
  const current = nav.state.view === 'stream' ? 'overview' : nav.state.view;
  document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('current', a.dataset.nav === current));
  // "Streams" goes back to the streams with the filter and order chosen.
  document.querySelector('[data-nav=overview]').setAttribute('href', nav.href({ view: 'overview', stream: '' }));
}

function showBadge() {
  const el = document.getElementById('dead-letter-badge');
  el.hidden = unseen.count === 0;
  el.textContent = count(unseen.count);
  el.title = `${count(unseen.count)} dead ${unseen.count === 1 ? 'letter' : 'letters'} since you last looked`;
}

/** Dead letters since the last look: from REST once, then from the notices of the live feed, whatever the view. */
function watchDeadLetters() {
  live.wish('dead-letter-badge', ['**'], ['dead_letters']);
  live.addEventListener('dead_letters', (e) => {
    unseen.notice(e.detail);
    if (nav.state.view === 'dead-letters') unseen.seen(new Date(live.now()).toISOString());
    showBadge();
  });
  const look = unseen.looks;
  api(unseen.since ? `/api/dead-letters?${query({ since: unseen.since })}` : '/api/dead-letters')
    .then((summary) => {
      unseen.fromSummary(summary, look);
      showBadge();
    })
    .catch((e) => console.warn(`dead letters: ${e.message}`));
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
watchDeadLetters();
live.start();
