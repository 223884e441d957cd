/**
 * The one retry backoff of the gateway: serial ports, USB HID and the district uplink each give it
 * their own policy.
 */

/** How a reconnecting part spaces its retries. */
export interface BackoffPolicy {
  /** Delay ceiling of the first retry, in ms. */
  readonly minMs: number;
  /** Largest delay ceiling, in ms. */
  readonly maxMs: number;
  /**
   * 0..1: the share of the ceiling a random draw may take off, so parts that failed together do not
   * retry in step. 0 waits the ceiling exactly; 0.5 is "equal jitter" (never less than half of it).
   */
  readonly jitter: number;
}

/**
 * Doublings after which the ceiling is surely capped: 2^30 × 10 ms is beyond any maximum used here,
 * and stopping there keeps `2 ** attempt` from growing to Infinity for a peer gone for weeks.
 */
const MAX_DOUBLINGS = 30;

/**
 * The capped exponential ceiling of retry `attempt` (0 for the first retry): `minMs` doubled per
 * attempt, never above `maxMs`.
 */
export function backoffCeiling(attempt: number, minMs: number, maxMs: number): number {
  const doublings = Math.min(Math.max(0, Math.floor(attempt)), MAX_DOUBLINGS);
  return Math.min(maxMs, minMs * 2 ** doublings);
}

/**
 * Delay before retry `attempt` (0 for the first retry after a loss): the capped exponential ceiling,
 * less a random share of it of at most `jitter`. The delay thus lies in
 * [ceiling × (1 − jitter), ceiling], whole milliseconds.
 *
 * @param random a uniform number in [0, 1): the share of the jitter taken off (0: the ceiling).
 *   Injected so tests can pin it; out-of-range draws are clamped.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(attempt, policy.minMs, policy.maxMs);
  const taken = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling * (1 - policy.jitter * taken));
}
