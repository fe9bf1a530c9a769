// The live feed: one WebSocket to the gateway's /ws (design.md, WebSocket protocol). It keeps the latest
// state of every (stream, hour), of every minute of the last hour and of every alert it was sent, reconnects
// with backoff (a gateway still rebuilding its state refuses the upgrade: retried the same way), subscribes
// again to what the page shows with the revision it holds of each hour (`have`), and never takes a lower
// revision than the one it shows. Numbers from before a reconnect are stale until the server resends them
// or, by leaving them out of the snapshot, confirms them: `isLive` says which are current.
//
// Several parts of the page subscribe at once on the one connection (the view, a panel of it, the header's
// dead-letter badge): each names its streams and kinds under its own owner, and the subscriptions are their
// union. A gateway that does not know a kind (one from before it, during an upgrade) refuses the whole
// subscribe: the page connects again without that kind, and `supports(kind)` tells the views to do without.
//
// `status` is the socket's real state: 'connected' while a socket that was welcomed is open (every message
// confirms it), else 'connecting' (never connected yet), 'reconnecting', or 'offline' (the browser says it has
// no network, or reconnecting keeps failing). A network change the browser reports does not by itself make the
// page offline: a socket that survives a short drop goes on; one that stays silent after it is closed.
import { token, askForToken } from './auth.js';
import { reconnectDelay } from './backoff.js';
import { newer } from './merge.js';
import { isGlob, matches } from './glob.js';
import { MINUTE_MS, WINDOW_MINUTES, dropBefore, periodStart, takeMinute } from './minutes.js';

const OFFLINE_AFTER_ATTEMPTS = 4;
const MAX_SUBSCRIPTIONS = 100;
// What a subscribe may spend on `have`, in characters: the gateway reads frames of 16 KiB. Hours left
// out are simply sent again.
const HAVE_BUDGET = 12000;
// After the browser reports a network change, how long an open socket may stay silent (the ping it is sent
// is answered at once by a gateway it still reaches) before it is taken for dead.
const PROBE_MS = 5000;
// The server's clock (from heartbeats) is used instead of the browser's only when they differ by more.
const CLOCK_SKEW_MS = 2000;

export class Live extends EventTarget {
  constructor() {
    super();
    this.status = 'connecting';
    this.everConnected = false;
    this.epoch = 0;
    this.attempt = 0;
    this.hours = new Map(); // stream -> Map(hour -> {data, epoch})
    this.minutes = new Map(); // stream -> Map(minute -> {data, epoch}), the last WINDOW_MINUTES minutes
    this.minutesEpoch = 0; // the epoch of the last connection whose subscription delivers minutes
    this.refused = new Set(); // kinds the gateway does not know: subscribed without them
    this.alerts = new Map(); // id -> {data, epoch}
    this.known = new Set();
    this.wishes = new Map(); // owner -> Map(stream or glob -> kinds)
    this.wanted = new Map(); // stream or glob -> kinds key ("alerts,metrics"), the union of the wishes
    this.active = new Map(); // what the server has been asked for on this connection
    this.confirming = []; // per subscribe sent, the entries named in its `have`, until `subscribed`
    this.socket = null;
    this.welcomed = false;
    this.lastMessage = 0;
    this.probeSince = 0;
    this.clockOffset = 0;
    this.heartbeatMs = 15000;
    window.addEventListener('online', () => this.networkChanged());
    window.addEventListener('offline', () => this.networkChanged());
    const watch = setInterval(() => this.watchdog(), 1000);
    watch.unref?.(); // (outside a browser: do not keep the process alive)
  }

  start() {
    this.connect();
  }

  /** Now, in ms, by the gateway's clock when the browser's is off by more than a little. */
  now() {
    return Date.now() + this.clockOffset;
  }

  connect() {
    clearTimeout(this.timer);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = token() ? `?token=${encodeURIComponent(token())}` : '';
    const socket = new WebSocket(`${scheme}//${location.host}/ws${query}`);
    this.socket = socket;
    this.welcomed = false;
    this.probeSince = 0;
    socket.addEventListener('open', () => {
      socket.opened = true;
      this.lastMessage = Date.now();
    });
    socket.addEventListener('message', (e) => {
      if (socket === this.socket) this.onMessage(JSON.parse(e.data));
    });
    socket.addEventListener('close', () => {
      if (socket === this.socket) this.closed(socket);
    });
  }

  /** The page stops using this socket (closed, or taken for dead) and reconnects. */
  closed(socket) {
    this.socket = null;
    this.welcomed = false;
    this.active.clear();
    this.confirming = [];
    if (socket.opened) this.attempt = 0;
    this.retry(socket.opened);
  }

  /** Gives up a socket at once, without waiting for a close handshake a dead network would hold up. */
  abandon() {
    const socket = this.socket;
    if (!socket) return;
    this.closed(socket);
    socket.close();
  }

  async retry(wasOpen) {
    this.attempt++;
    const failing = this.attempt > OFFLINE_AFTER_ATTEMPTS || !navigator.onLine;
    this.setStatus(failing ? 'offline' : this.everConnected ? 'reconnecting' : 'connecting');
    if (!wasOpen && (await this.refusedForToken())) {
      await askForToken(token() ? 'The gateway did not accept that token.' : '');
      this.attempt = 0;
      this.connect();
      return;
    }
    this.nextAttemptAt = Date.now() + reconnectDelay(this.attempt);
    this.timer = setTimeout(() => this.connect(), this.nextAttemptAt - Date.now());
  }

  /** A refused upgrade does not tell the page why: ask the API, which answers 401 the same way. */
  async refusedForToken() {
    try {
      const headers = token() ? { Authorization: `Bearer ${token()}` } : {};
      const response = await fetch('/api/streams', { method: 'HEAD', headers });
      return response.status === 401;
    } catch {
      return false;
    }
  }

  reconnectNow() {
    if (this.socket) return;
    this.attempt = 0;
    this.connect();
  }

  /**
   * The browser reports going offline or online. Without a socket: say offline, or reconnect at once. With an
   * open one: it may have survived (a short drop), so ask it; the watchdog closes it if it stays silent.
   */
  networkChanged() {
    if (!this.socket) {
      if (navigator.onLine) this.reconnectNow();
      else this.setStatus('offline');
      return;
    }
    if (this.socket.readyState === WebSocket.OPEN) {
      if (!this.probeSince) this.probeSince = Date.now();
      this.send({ type: 'ping', ts: Date.now() });
    }
  }

  /** A connection that stopped hearing heartbeats, or the answer to a probe, is dead even if the socket did not notice. */
  watchdog() {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    if ((this.probeSince && now - this.probeSince > PROBE_MS) || (this.welcomed && now - this.lastMessage > 2.5 * this.heartbeatMs)) {
      this.abandon();
    }
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status);
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  onMessage(m) {
    this.lastMessage = Date.now();
    this.probeSince = 0;
    switch (m.type) {
      case 'welcome':
        this.epoch++;
        this.welcomed = true;
        this.everConnected = true;
        this.heartbeatMs = m.heartbeat_interval_ms || this.heartbeatMs;
        this.addKnown(m.streams);
        this.syncSubscriptions();
        this.setStatus('connected');
        this.emit('resync');
        break;
      case 'streams':
        this.addKnown(m.streams);
        break;
      case 'subscribed':
        if ((m.kinds || []).includes('minutes')) this.minutesEpoch = this.epoch;
        // Hours named in `have` and left out of the snapshot are current as they are.
        for (const entry of this.confirming.shift() || []) {
          entry.epoch = this.epoch;
          this.emit('metrics', entry.data);
        }
        break;
      case 'metrics':
        this.putMetrics(m.data);
        break;
      case 'minutes':
        for (const data of m.data || []) this.putMinute({ stream: m.stream, ...data }, false);
        this.emit('minutes', m.stream);
        break;
      case 'minute':
        this.putMinute(m.data);
        break;
      case 'alert':
        this.putAlert(m.data);
        break;
      case 'heartbeat': {
        const offset = Date.parse(m.time) - Date.now();
        if (Number.isFinite(offset)) this.clockOffset = Math.abs(offset) > CLOCK_SKEW_MS ? offset : 0;
        break;
      }
      case 'event':
        this.emit('event', { data: m.data, skipped: Number.isFinite(m.skipped) && m.skipped > 0 ? m.skipped : 0 });
        break;
      case 'dead_letters':
        this.emit('dead_letters', m.data || {});
        break;
      case 'error': {
        const kind = refusedKind(m);
        if (kind && this.askedFor(kind) && !this.refused.has(kind)) {
          // A gateway from before this kind (an older instance behind the same address during an upgrade)
          // refuses the whole subscribe: connect again and subscribe without it.
          console.warn(`gateway: it does not know the kind "${kind}": the page goes on without it (${m.message})`);
          this.refused.add(kind);
          this.emit('refused', kind);
          this.abandon();
          this.reconnectNow();
          break;
        }
        console.warn(`gateway: ${m.code}: ${m.message}`);
        break;
      }
      default:
        break;
    }
    // Whatever arrives on a welcomed socket shows that it is connected.
    if (this.welcomed && this.socket) this.setStatus('connected');
  }

  addKnown(streams) {
    let added = false;
    for (const s of streams || []) {
      if (!this.known.has(s)) {
        this.known.add(s);
        added = true;
      }
    }
    if (added) this.emit('streams', [...this.known]);
  }

  putMetrics(data) {
    this.addKnown([data.stream]);
    let byHour = this.hours.get(data.stream);
    if (!byHour) this.hours.set(data.stream, (byHour = new Map()));
    const old = byHour.get(data.hour);
    // Numbers never go back: an older state (a replay) is not shown over a newer one.
    if (old && newer(old.data, data)) return;
    // The snapshot after a reconnect is current even if its revision equals the one we had.
    if (!old || newer(data, old.data) || old.epoch !== this.epoch) byHour.set(data.hour, { data, epoch: this.epoch });
    this.emit('metrics', data);
  }

  /** Takes an alert from the feed, or (emit false) one read over REST. */
  putAlert(data, emit = true) {
    const old = this.alerts.get(data.id);
    if (!old || data.revision >= old.data.revision || old.epoch !== this.epoch) this.alerts.set(data.id, { data, epoch: this.epoch });
    if (emit) this.emit('alert', data);
  }

  /** The newest hour of a stream the feed has, or undefined. */
  current(stream) {
    const byHour = this.hours.get(stream);
    if (!byHour) return undefined;
    let best;
    for (const entry of byHour.values()) if (!best || entry.data.hour > best.data.hour) best = entry;
    return best;
  }

  hoursOf(stream) {
    return [...(this.hours.get(stream)?.values() || [])].map((e) => e.data);
  }

  /** Takes the state of a (stream, minute) unless a higher revision of it is held; keeps the last hour only. */
  putMinute(data, emit = true) {
    this.addKnown([data.stream]);
    let byMinute = this.minutes.get(data.stream);
    if (!byMinute) this.minutes.set(data.stream, (byMinute = new Map()));
    takeMinute(byMinute, data, this.epoch);
    if (byMinute.size > WINDOW_MINUTES) dropBefore(byMinute, this.windowStart());
    if (emit) this.emit('minutes', data.stream);
  }

  /** The start of the oldest minute of the last hour (the current minute and the 59 before it). */
  windowStart() {
    return periodStart(this.now()) - (WINDOW_MINUTES - 1) * MINUTE_MS;
  }

  /** The minutes of the last hour of a stream that had events, as MinuteMetrics. */
  minutesOf(stream) {
    const byMinute = this.minutes.get(stream);
    if (!byMinute) return [];
    dropBefore(byMinute, this.windowStart());
    return [...byMinute.values()].map((e) => e.data);
  }

  /** Whether this connection delivers minutes, so that a minute not held had no events (rather than not being known). */
  hasMinutes() {
    return this.minutesEpoch > 0;
  }

  /** Whether an entry from this feed is current: connected, and sent since the last (re)connect. */
  isLive(entry) {
    return !!entry && this.status === 'connected' && entry.epoch === this.epoch;
  }

  activeAlerts() {
    return [...this.alerts.values()].map((e) => e.data).filter((a) => a.state === 'pending' || a.state === 'firing');
  }

  /** What the view shows: names or globs, each with its kinds. Replaces the view's previous wish. */
  want(streams, kinds = ['metrics', 'alerts']) {
    this.wish('view', streams, kinds);
  }

  /**
   * What one part of the page (its owner) wants: names or globs with their kinds, beside what the others want.
   * Replaces that owner's previous wish; no streams withdraws it.
   */
  wish(owner, streams, kinds) {
    const list = streams.length > MAX_SUBSCRIPTIONS ? ['**'] : streams;
    if (list.length && kinds.length) this.wishes.set(owner, new Map(list.map((s) => [s, kinds])));
    else this.wishes.delete(owner);
    const union = new Map();
    for (const wish of this.wishes.values()) {
      for (const [s, ks] of wish) {
        if (!union.has(s)) union.set(s, new Set());
        ks.forEach((k) => union.get(s).add(k));
      }
    }
    this.wanted = new Map([...union].map(([s, ks]) => [s, [...ks].sort().join(',')]));
    this.syncSubscriptions();
  }

  /** Whether the gateway delivers this kind (as far as the page knows: it has not refused it). */
  supports(kind) {
    return !this.refused.has(kind);
  }

  askedFor(kind) {
    return [...this.wanted.values()].some((kinds) => kinds.split(',').includes(kind));
  }

  /**
   * Brings the connection's subscriptions to what is wanted. A name or glob whose kinds only grow is subscribed
   * to for the new kinds alone (the gateway adds them; the others go on without a new snapshot); one that loses a
   * kind is unsubscribed and subscribed again, as the protocol removes a name with all its kinds.
   */
  syncSubscriptions() {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    const gone = [];
    const adding = new Map(); // stream -> the kinds to subscribe it to now
    for (const [s, kinds] of this.wanted) {
      const held = this.active.get(s);
      if (held === kinds) continue;
      const had = held === undefined ? [] : held.split(',');
      const now = kinds.split(',');
      if (had.every((k) => now.includes(k))) {
        adding.set(s, now.filter((k) => !had.includes(k)));
      } else {
        gone.push(s);
        adding.set(s, now);
      }
      this.active.set(s, kinds);
    }
    for (const s of this.active.keys()) if (!this.wanted.has(s)) gone.push(s);
    if (gone.length) {
      this.send({ type: 'unsubscribe', streams: gone });
      gone.filter((s) => !this.wanted.has(s)).forEach((s) => this.active.delete(s));
    }
    const byKinds = new Map();
    for (const [s, kinds] of adding) {
      const key = kinds.filter((k) => !this.refused.has(k)).join(',');
      if (!key) continue; // nothing this gateway delivers
      if (!byKinds.has(key)) byKinds.set(key, []);
      byKinds.get(key).push(s);
    }
    for (const [kinds, streams] of byKinds) {
      const message = { type: 'subscribe', streams, kinds: kinds.split(',') };
      const confirmed = [];
      if (message.kinds.includes('metrics')) {
        const have = this.held(streams, confirmed);
        if (confirmed.length) message.have = have;
      }
      this.confirming.push(confirmed);
      this.send(message);
    }
  }

  /** The revision held of each hour of the streams these names and globs cover, within the budget. */
  held(names, entries) {
    const have = {};
    let size = 0;
    for (const [stream, byHour] of this.hours) {
      if (!names.some((n) => (isGlob(n) ? matches(n, stream) : n === stream))) continue;
      for (const [hour, entry] of byHour) {
        const key = `${stream}@${hour}`;
        size += key.length + 24;
        if (size > HAVE_BUDGET) return have;
        have[key] = entry.data.revision ?? 0;
        entries.push(entry);
      }
    }
    return have;
  }
}

/** The kind an `error` frame says the gateway does not know (`kinds[1] is "minutes"; use ...`), or null. */
function refusedKind(m) {
  if (m.code !== 'bad_request') return null;
  const match = /kinds\[\d+\] is "([a-z_]+)"/.exec(m.message || '');
  return match ? match[1] : null;
}
