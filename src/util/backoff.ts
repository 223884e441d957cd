/**
 * Doublings after which the ceiling is surely capped: 2^30 × 10 ms is beyond any maximum used here,
 * and stopping there keeps `2 ** attempt` from growing to Infinity for a peer gone for weeks.
 */
const MAX_DOUBLINGS = 30;

/**
 * The capped exponential ceiling of retry `attempt` (0 for the first retry): `minMs` doubled per
 * attempt, never above `maxMs`. Each reconnecting part (serial ports, USB HID, the district uplink)
 * applies its own jitter to it.
 */
export function backoffCeiling(attempt: number, minMs: number, maxMs: number): number {
  const doublings = Math.min(Math.max(0, Math.floor(attempt)), MAX_DOUBLINGS);
  return Math.min(maxMs, minMs * 2 ** doublings);
}
