// Recent events as a list, for the Events panel of a stream and the Errors view: pages read over REST and
// live `event` frames go into one list, newest first as the server orders them, each event once (by its
// `ref`), bounded. While paused, live events wait beside the list and are counted; resuming inserts them.
// Filters by status, error type, tag, text and stream. Pure, tested under node.
import { matches } from './glob.js';

/** How many events a list holds (the aggregator keeps 200 per stream, and as many errors). */
export const LIST_LIMIT = 200;
/** How far "Load older" may grow a list. */
export const MAX_LIMIT = 2000;

/** The order of recent events: newest received first, then by partition and offset, as the REST API pages them. */
export function compare(a, b) {
  const byTime = Date.parse(b.received) - Date.parse(a.received);
  if (byTime) return byTime;
  const [pa, oa] = place(a.ref);
  const [pb, ob] = place(b.ref);
  return pb - pa || ob - oa;
}

function place(ref) {
  const [partition, offset] = String(ref).split(':');
  return [Number(partition) || 0, Number(offset) || 0];
}

/**
 * The `before` that reads on from an event: its received time in epoch ms and its ref (design.md, REST API), so
 * that "Load older" continues below the oldest event shown, whatever was dropped from the list meanwhile.
 */
export function cursorOf(e) {
  return `${Date.parse(e.received)}:${e.ref}`;
}

export class EventList {
  constructor(limit = LIST_LIMIT) {
    this.base = limit;
    this.limit = limit;
    this.items = []; // newest first
    this.refs = new Set();
    this.paused = false;
    this.waiting = new Map(); // ref -> event, live while paused
    this.arrived = 0; // new events while paused (the waiting ones, and those the bound let go)
    this.skipped = 0; // what the feed says it left out
    this.noOlder = false; // the server has no events older than the oldest held
  }

  /** An event from the live feed (`skipped`: what the feed left out before it): shown at once, or held while paused. */
  live(e, skipped = 0) {
    if (Number.isFinite(skipped) && skipped > 0) this.skipped += skipped;
    if (!e || !e.ref || this.refs.has(e.ref) || this.waiting.has(e.ref)) return false;
    if (!this.paused) return this.insert([e]) > 0;
    this.waiting.set(e.ref, e);
    this.arrived++;
    if (this.waiting.size > this.limit) {
      // Resuming shows the newest `limit` of them: the oldest waiting one would fall out at once.
      const oldest = [...this.waiting.values()].sort(compare).at(-1);
      this.waiting.delete(oldest.ref);
    }
    return true;
  }

  /** The newest page over REST (the list's start, a new filter, a reconnect): shown whatever the pause. */
  page(events) {
    return this.insert(events || []);
  }

  /** A page older than the oldest held, asked for by the user: the list grows to keep it. `next`: the page's cursor. */
  older(events, next) {
    const fresh = (events || []).filter((e) => e && e.ref && !this.refs.has(e.ref));
    this.limit = Math.min(MAX_LIMIT, Math.max(this.limit, this.items.length + fresh.length));
    this.insert(fresh);
    this.noOlder = next === null || next === undefined;
    return fresh.length;
  }

  pause() {
    this.paused = true;
  }

  /** Inserts what waited, newest first, and counts from zero again. */
  resume() {
    this.paused = false;
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    this.arrived = 0;
    return this.insert(waiting);
  }

  /** Adds events not held yet, in order, and drops the oldest beyond the bound; returns how many were added. */
  insert(events) {
    let added = 0;
    for (const e of events) {
      if (!e || !e.ref || this.refs.has(e.ref)) continue;
      this.refs.add(e.ref);
      this.items.push(e);
      added++;
    }
    if (!added) return 0;
    this.items.sort(compare);
    if (this.items.length > this.limit) {
      for (const e of this.items.splice(this.limit)) this.refs.delete(e.ref);
      this.noOlder = false; // what was let go can be read again
    }
    return added;
  }

  /** The events a filter lets through, newest first. */
  shown(filter) {
    const keep = matcher(filter);
    return this.items.filter(keep);
  }

  /** The error types of the events held, sorted. */
  errorTypes() {
    return [...new Set(this.items.map((e) => e.event?.error_type).filter(Boolean))].sort();
  }
}

/**
 * A tag filter as typed: "key=value" (that value), "key" (any value), or empty (none). Anything else is an Error
 * that says what is wrong with it.
 */
export function parseTag(text) {
  const t = String(text ?? '').trim();
  if (!t) return null;
  const at = t.indexOf('=');
  const key = (at < 0 ? t : t.slice(0, at)).trim();
  if (!key) throw new Error(`"${t}" has no tag name before "=": write key=value, for example region=eu-west`);
  return at < 0 ? { key } : { key, value: t.slice(at + 1).trim() };
}

/**
 * Whether an event passes a filter: {status, errorType, tag (parsed), text, stream}, each optional. The text is
 * found, whatever its case, in the message, error type, tags (also as key=value), source or id; the stream is a
 * name, part of one, or a glob, as in the streams filter.
 */
export function matcher({ status, errorType, tag, text, stream } = {}) {
  const needle = String(text ?? '').trim().toLowerCase();
  return (re) => {
    const e = re.event || {};
    if (status && (e.status || 'ok') !== status) return false;
    if (errorType && e.error_type !== errorType) return false;
    if (tag) {
      const tags = e.tags || {};
      if (!Object.prototype.hasOwnProperty.call(tags, tag.key)) return false;
      if (tag.value !== undefined && String(tags[tag.key]) !== tag.value) return false;
    }
    if (stream && !matches(stream, re.stream || e.stream || '')) return false;
    if (needle && !searchable(e).some((s) => s.toLowerCase().includes(needle))) return false;
    return true;
  };
}

function searchable(e) {
  const tags = Object.entries(e.tags || {}).flatMap(([k, v]) => [k, String(v), `${k}=${v}`]);
  return [e.message, e.error_type, e.source, e.id, ...tags].filter((s) => s !== undefined && s !== null).map(String);
}
