// Stream filters: the same glob rules as the server (design.md: '*' within a dot-separated segment,
// '**' across dots), and plain text as a substring search.

const cache = new Map();

export function isGlob(text) {
  return text.includes('*');
}

function compile(glob) {
  let re = cache.get(glob);
  if (!re) {
    let source = '';
    for (let i = 0; i < glob.length; i++) {
      const c = glob[i];
      if (c === '*' && glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else if (c === '*') {
        source += '[^.]*';
      } else {
        source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      }
    }
    re = new RegExp(`^${source}$`);
    cache.set(glob, re);
  }
  return re;
}

/** Whether a stream name passes the filter text (empty: everything). */
export function matches(filter, stream) {
  const f = (filter || '').trim();
  if (!f) return true;
  return isGlob(f) ? compile(f).test(stream) : stream.includes(f);
}

/**
 * What to subscribe to for a filter: every stream when empty, the glob itself, or the known names that
 * contain the text (the server matches names and globs, not substrings).
 */
export function subscriptionFor(filter, knownStreams) {
  const f = (filter || '').trim();
  if (!f) return ['**'];
  if (isGlob(f)) return [f];
  return knownStreams.filter((s) => s.includes(f)).sort();
}
