// Reconnect delays: exponential from 0.5 s, capped at 15 s, with up to 20 % jitter so that many
// dashboards do not all come back at the same instant after a gateway restart.
export const FIRST_DELAY_MS = 500;
export const MAX_DELAY_MS = 15000;

export function reconnectDelay(attempt, random = Math.random) {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - 0.2 * random()));
}
