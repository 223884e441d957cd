import { backoffCeiling } from "../util/backoff.js";

/** Bounds of the reconnect delay. */
export interface BackoffOptions {
  /** Delay ceiling of the first retry, in ms. */
  readonly minMs: number;
  /** Largest delay ceiling, in ms. */
  readonly maxMs: number;
}

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
  const ceiling = backoffCeiling(attempt, opts.minMs, opts.maxMs);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}
