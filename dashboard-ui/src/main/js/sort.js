// The order of the stream cards. Pure, tested under node.

/** The orders a user can choose, with their labels. */
export const SORT_LABELS = { name: 'name', count: 'count (most first)', errors: 'error rate (worst first)', p95: 'p95 (slowest first)' };

const FIGURE = { count: (i) => i.count, errors: (i) => i.errorRate, p95: (i) => i.p95 };

/**
 * Items ({stream, count, errorRate, p95}: the current hour's figures, p95 of the card's value) in the chosen
 * order: by name, or worst first (highest count, error rate or p95). Items without the figure come after
 * those with it; ties go by name.
 */
export function sortStreams(items, by) {
  const figure = FIGURE[by];
  const byName = (a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0);
  if (!figure) return [...items].sort(byName);
  const known = (v) => typeof v === 'number' && Number.isFinite(v);
  return [...items].sort((a, b) => {
    const x = figure(a);
    const y = figure(b);
    if (known(x) !== known(y)) return known(x) ? -1 : 1;
    if (known(x) && x !== y) return y - x;
    return byName(a, b);
  });
}

/** The value whose percentiles a card shows: the one last chosen for its stream if it has it, else its first. */
export function chooseValue(names, chosen) {
  return chosen && names.includes(chosen) ? chosen : names[0] || '';
}
