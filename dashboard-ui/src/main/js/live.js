// The live feed: one WebSocket to the gateway's /ws (design.md, WebSocket protocol). It keeps the latest
// state of every (stream, hour) and every alert it was sent, reconnects with backoff (a gateway still
// rebuilding its state refuses the upgrade: retried the same way), subscribes again to what the page
// shows with the revision it holds of each hour (`have`), and never takes a lower revision than the one
// it shows. Numbers from before a reconnect are stale until the server resends them or, by leaving them
// out of the snapshot, confirms them: `isLive` says which are current.
import { token, askForToken } from './auth.js';
import { reconnectDelay } from './backoff.js';
import { newer } from './merge.js';
import { isGlob, matches } from './glob.js';

const OFFLINE_AFTER_ATTEMPTS = 4;
const MAX_SUBSCRIPTIONS = 100;
// What a subscribe may spend on `have`, in characters: the gateway reads frames of 16 KiB. Hours left
// out are simply sent again.
const HAVE_BUDGET = 12000;

export class Live extends EventTarget {
  constructor() {
    super();
    this.status = 'connecting';
    this.epoch = 0;
    this.attempt = 0;
    this.hours = new Map(); // stream -> Map(hour -> {data, epoch})
    this.alerts = new Map(); // id -> {data, epoch}
    this.known = new Set();
    this.wanted = new Map(); // stream or glob -> kinds key ("alerts,metrics")
    this.active = new Map(); // what the server has been asked for on this connection
    this.confirming = []; // per subscribe sent, the entries named in its `have`, until `subscribed`
    this.socket = null;
    this.lastMessage = 0;
    this.heartbeatMs = 15000;
    window.addEventListener('online', () => this.reconnectNow());
    window.addEventListener('offline', () => this.setStatus('offline'));
    const watch = setInterval(() => this.watchdog(), 2000);
    watch.unref?.(); // (outside a browser: do not keep the process alive)
  }

  start() {
    this.connect();
  }

  connect() {
    clearTimeout(this.timer);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = token() ? `?token=${encodeURIComponent(token())}` : '';
    const socket = new WebSocket(`${scheme}//${location.host}/ws${query}`);
    this.socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      this.lastMessage = Date.now();
    });
    socket.addEventListener('message', (e) => {
      if (socket === this.socket) this.onMessage(JSON.parse(e.data));
    });
    socket.addEventListener('close', () => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.active.clear();
      this.confirming = [];
      if (opened) this.attempt = 0;
      this.retry(opened);
    });
  }

  async retry(wasOpen) {
    this.attempt++;
    this.setStatus(this.attempt > OFFLINE_AFTER_ATTEMPTS || !navigator.onLine ? 'offline' : 'reconnecting');
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

  /** A connection that stopped hearing heartbeats is dead even if the socket did not notice. */
  watchdog() {
    if (this.socket && this.status === 'connected' && Date.now() - this.lastMessage > 2.5 * this.heartbeatMs) {
      this.socket.close();
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
    switch (m.type) {
      case 'welcome':
        this.epoch++;
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
        // Hours named in `have` and left out of the snapshot are current as they are.
        for (const entry of this.confirming.shift() || []) {
          entry.epoch = this.epoch;
          this.emit('metrics', entry.data);
        }
        break;
      case 'metrics':
        this.putMetrics(m.data);
        break;
      case 'alert':
        this.putAlert(m.data);
        break;
      case 'error':
        console.warn(`gateway: ${m.code}: ${m.message}`);
        break;
      default:
        break;
    }
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

  /** Whether an entry from this feed is current: connected, and sent since the last (re)connect. */
  isLive(entry) {
    return !!entry && this.status === 'connected' && entry.epoch === this.epoch;
  }

  activeAlerts() {
    return [...this.alerts.values()].map((e) => e.data).filter((a) => a.state === 'pending' || a.state === 'firing');
  }

  /** What the page shows: names or globs, each with its kinds. Replaces the previous wish. */
  want(streams, kinds = ['metrics', 'alerts']) {
    const list = streams.length > MAX_SUBSCRIPTIONS ? ['**'] : streams;
    this.wanted = new Map(list.map((s) => [s, [...kinds].sort().join(',')]));
    this.syncSubscriptions();
  }

  syncSubscriptions() {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    const gone = [...this.active.keys()].filter((s) => this.wanted.get(s) !== this.active.get(s));
    if (gone.length) {
      this.send({ type: 'unsubscribe', streams: gone });
      gone.forEach((s) => this.active.delete(s));
    }
    const byKinds = new Map();
    for (const [s, kinds] of this.wanted) {
      if (this.active.has(s)) continue;
      if (!byKinds.has(kinds)) byKinds.set(kinds, []);
      byKinds.get(kinds).push(s);
      this.active.set(s, kinds);
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
