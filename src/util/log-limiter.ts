import type { Logger } from "./log.js";

/** Log levels a limited logger writes at. */
export type LimitedLevel = "warn" | "info" | "debug";

/** Logs an entry per key at most once per interval; the entries it held back are counted in the next. */
export type LimitedLog = (level: LimitedLevel, key: string, fields: Record<string, unknown>, msg: string) => void;

/** Keys remembered in one interval; past it, entries share one overflow key (a flood of addresses). */
const MAX_KEYS = 1000;

/**
 * A logger for what an abusive client can repeat at will (bad logins, refused packets, floods): the
 * first entry of each key in an interval is written, the rest of that interval are only counted and
 * reported as `suppressed` with the key's next entry. So a flood writes a bounded number of lines
 * whatever its rate, and a lone event is still logged at once.
 */
export function limitedLog(log: Logger, intervalMs: number, now: () => number = Date.now): LimitedLog {
  let windowStart = now();
  let seen = new Map<string, number>();
  let held = new Map<string, number>(); // suppressed counts carried to the next interval
  return (level, key, fields, msg) => {
    const t = now();
    if (t - windowStart >= intervalMs) {
      windowStart = t;
      held = new Map([...seen].filter(([, n]) => n > 0));
      seen = new Map();
    }
    const k = seen.has(key) || seen.size < MAX_KEYS ? key : "\u0000overflow";
    const count = seen.get(k);
    if (count !== undefined) return void seen.set(k, count + 1);
    seen.set(k, 0);
    const suppressed = held.get(k) ?? 0;
    held.delete(k);
    log[level](suppressed > 0 ? { ...fields, suppressed } : fields, msg);
  };
}
