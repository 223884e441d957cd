/** Bounds of the reconnect delay. */
export interface BackoffOptions {
  /** Delay ceiling of the first retry, in ms. */
  readonly minMs: number;
  /** Largest delay ceiling, in ms. */
  readonly maxMs: number;
}

/**
 * Doublings after which the ceiling is surely capped: 2^30 × 10 ms is beyond any configured maximum,
 * and stopping there keeps `2 ** attempt` from growing to Infinity on a gateway offline for weeks.
 */
const MAX_DOUBLINGS = 30;

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry after a loss): capped exponential
 * backoff with "equal jitter" — the ceiling doubles from `minMs` up to `maxMs`, and the delay is
 * drawn between half the ceiling and the ceiling. Hundreds of gateways that lost the district broker
 * at the same moment thus spread their retries instead of reconnecting in lockstep, while none
 * retries sooner than half its ceiling.
 *
 * @param random a uniform number in [0, 1); injected so tests can pin it.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const doublings = Math.min(Math.max(0, Math.floor(attempt)), MAX_DOUBLINGS);
  const ceiling = Math.min(opts.maxMs, opts.minMs * 2 ** doublings);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}
