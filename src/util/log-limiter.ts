import type { Logger } from "./log.js";

/** Log levels a limited logger writes at. */
export type LimitedLevel = "warn" | "info" | "debug";

/** Logs an entry per key at most once per interval; the entries it held back are counted in the next. */
export type LimitedLog = (level: LimitedLevel, key: string, fields: Record<string, unknown>, msg: string) => void;

/** Passes on one call per key per interval; the calls it held back are counted in the next. */
export type Limited<A> = (key: string, arg: A) => void;

/** Keys remembered in one interval; past it, entries share one overflow key (a flood of addresses). */
const MAX_KEYS = 1000;

/**
 * A gate for what an abusive client can repeat at will (bad logins, refused packets, floods, refused
 * requests): the first call of each key in an interval reaches `emit`, the rest of that interval are
 * only counted and handed to `emit` as `suppressed` with the key's next call. So a flood costs a
 * bounded number of calls whatever its rate, and a lone one still goes through at once.
 */
export function oncePerInterval<A>(intervalMs: number, emit: (arg: A, suppressed: number) => void, now: () => number = Date.now): Limited<A> {
  let windowStart = now();
  let seen = new Map<string, number>();
  let held = new Map<string, number>(); // suppressed counts carried to the next interval
  return (key, arg) => {
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
    emit(arg, suppressed);
  };
}

/** A logger that writes each key's entry at most once per interval (see `oncePerInterval`). */
export function limitedLog(log: Logger, intervalMs: number, now: () => number = Date.now): LimitedLog {
  type Entry = { level: LimitedLevel; fields: Record<string, unknown>; msg: string };
  const limited = oncePerInterval<Entry>(
    intervalMs,
    ({ level, fields, msg }, suppressed) => log[level](suppressed > 0 ? { ...fields, suppressed } : fields, msg),
    now,
  );
  return (level, key, fields, msg) => limited(key, { level, fields, msg });
}
