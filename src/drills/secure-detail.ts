// A lockdown drill's time to secure as its record keeps it: the exact figure, or what a restart lets it prove.
import type { DrillDetail } from "./drill-wire.js";
import type { SecureResult } from "./time-to-secure.js";

/**
 * The record's time-to-secure fields. When the doors were secured while the gateway was not running,
 * `secure_ms` stays null (no moment was recorded) and the record says the most it can have taken
 * instead, with a note why.
 */
export function secureDetail(result: SecureResult): DrillDetail {
  const detail: DrillDetail = { secure_ms: result.secureMs, unsecured: result.unsecured, lock_only: result.lockOnly };
  if (result.secureAtMostMs === undefined || result.restartedAt === undefined) return detail;
  const seconds = (result.secureAtMostMs / 1000).toFixed(1);
  const note =
    `The doors were secured while the gateway was not running: it found them all secured when it ` +
    `started again at ${new Date(result.restartedAt).toISOString()}, ${seconds} s after the raise, ` +
    `so securing them took at most that long; the exact time was not recorded.`;
  return { ...detail, secure_ms_at_most: result.secureAtMostMs, secure_note: note };
}
