// Dead letters the user has not seen yet, for the badge at the top: those the REST API lists from after the
// last time the user opened the dead-letters view (kept in the browser), then what each notice of the live
// feed adds (its `count`: dead-lettered since the previous notice). Notices come at least once, so the badge
// may count a record twice; the dead-letters view counts each once. Pure, tested under node.

const SEEN_KEY = 'pulseboard.dead-letters-seen';
// How many letters the summary lists at most.
const LISTED = 100;

export class UnseenDeadLetters {
  /** store: {get(), set(value)} for the time of the last look (an ISO time, or null: never looked). */
  constructor(store) {
    this.store = store;
    const since = store.get();
    this.since = since && Number.isFinite(Date.parse(since)) ? since : null; // (what is no time: never looked)
    this.count = 0;
    this.looks = 0; // a look makes an answer asked for before it out of date
  }

  /**
   * What the REST summary since the last look (GET /api/dead-letters?since=) adds, as asked at look number `look`:
   * its listed letters newer than the last look, exact while the list (the last 100) reaches back past it; else,
   * or when the user never looked, its total.
   */
  fromSummary(summary, look = this.looks) {
    if (look !== this.looks) return; // the user looked since it was asked for
    const last = summary?.last || [];
    const total = Number(summary?.total) || 0;
    if (!this.since) {
      this.count += total;
      return;
    }
    const since = Date.parse(this.since);
    const newer = last.filter((d) => Date.parse(d.time) > since).length;
    this.count += newer === last.length && last.length >= LISTED ? Math.max(newer, total) : newer;
  }

  /** A notice of the live feed. */
  notice(data) {
    const n = Number(data?.count);
    if (Number.isFinite(n) && n > 0) this.count += Math.floor(n);
  }

  /** The user looks at the dead letters now (an ISO time): nothing is unseen. */
  seen(now) {
    this.since = now;
    this.count = 0;
    this.looks++;
    this.store.set(now);
  }
}

/** The browser's store of the last look. */
export function seenStore(storage) {
  return {
    get: () => {
      try {
        return storage.getItem(SEEN_KEY);
      } catch {
        return null;
      }
    },
    set: (value) => {
      try {
        storage.setItem(SEEN_KEY, value);
      } catch {
        // (a browser that keeps nothing: the badge then counts from the page's start)
      }
    },
  };
}
