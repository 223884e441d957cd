/**
 * Local calendar time of instants in one IANA time zone, for schedules. Pure: the only source of
 * zone rules is `Intl.DateTimeFormat`; the clock is never read, instants arrive as arguments.
 */

/** Milliseconds in one minute. */
export const MINUTE_MS = 60_000;
/** Milliseconds in one hour: the width of an offset-cache bucket. */
export const HOUR_MS = 3_600_000;
/** Milliseconds in one civil day (epoch time has no leap seconds). */
export const DAY_MS = 86_400_000;
/** Minutes in one civil day; 1440 is "24:00", the end of a day. */
export const MINUTES_PER_DAY = 1440;

/** Slots of the offset cache: a power of two so a mask picks the slot; 1024 hours (about 42 days)
 * hold the present and a full 14-day look-ahead without evicting each other. */
const CACHE_SLOTS = 1024;

/** 1970-01-01 (day 0) was a Thursday: weekday 3 when Monday is 0. */
const EPOCH_WEEKDAY = 3;

/** Local calendar position of an instant in a time zone. weekday 0=Monday … 6=Sunday; minute = minutes since local midnight. */
export interface LocalTime {
  readonly date: string /* YYYY-MM-DD */;
  readonly weekday: number;
  readonly minute: number;
}

/** Day number (days since 1970-01-01) of a "YYYY-MM-DD" calendar date (years 0100–9999), or null when malformed. */
export function parseDate(text: string): number | null {
  if (typeof text !== "string") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 02-30 over into March and maps years 0–99 to 1900–1999: both fail the round trip.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

/** "YYYY-MM-DD" of a day number. */
export function formatDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Weekday of a day number: 0 = Monday … 6 = Sunday. */
export function weekdayOf(day: number): number {
  return (((day + EPOCH_WEEKDAY) % 7) + 7) % 7;
}

/**
 * Converts instants to local time in one zone, fast: the UTC offset is cached per UTC hour bucket,
 * with the exact instant of a transition inside the bucket, so the warm path is arithmetic and one
 * typed-array lookup. Assumes a zone changes its offset at most once within any hour (true of every
 * zone in the tz database since 1900).
 */
export class LocalClock {
  /** The IANA zone this clock converts into. */
  readonly timeZone: string;
  readonly #format: Intl.DateTimeFormat;
  readonly #keys = new Float64Array(CACHE_SLOTS).fill(Number.NaN);
  readonly #before = new Float64Array(CACHE_SLOTS);
  readonly #switchAt = new Float64Array(CACHE_SLOTS);
  readonly #after = new Float64Array(CACHE_SLOTS);
  #lastDay = Number.NaN;
  #lastDate = "";

  /** Throws RangeError for a zone that Intl does not know. */
  constructor(timeZone: string) {
    try {
      this.#format = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch (cause) {
      throw new RangeError(`unknown time zone "${String(timeZone)}"`, { cause });
    }
    this.timeZone = timeZone;
  }

  /** Local calendar position of an instant. */
  at(epochMs: number): LocalTime {
    const wall = epochMs + this.offset(epochMs);
    const day = Math.floor(wall / DAY_MS);
    if (day !== this.#lastDay) {
      this.#lastDate = formatDate(day);
      this.#lastDay = day;
    }
    return { date: this.#lastDate, weekday: weekdayOf(day), minute: Math.floor((wall - day * DAY_MS) / MINUTE_MS) };
  }

  /**
   * The instant of a local wall-clock time on a date (`minute` 0–1440, 1440 being the next midnight);
   * for a time skipped by DST the first instant after the gap; for a repeated time the first
   * occurrence. Throws RangeError for a malformed date or minute.
   */
  instant(date: string, minute: number): number {
    const day = parseDate(date);
    if (day === null) throw new RangeError(`invalid date "${String(date)}": expected YYYY-MM-DD`);
    if (!Number.isInteger(minute) || minute < 0 || minute > MINUTES_PER_DAY) {
      throw new RangeError(`invalid minute ${String(minute)}: expected an integer from 0 to ${MINUTES_PER_DAY}`);
    }
    return this.instantOfWall(day * DAY_MS + minute * MINUTE_MS);
  }

  /**
   * The earliest instant whose wall-clock time (local ms since 1970-01-01 00:00 local) is at or after
   * `wall`: the wall time itself when it exists, its first occurrence when repeated, the end of the
   * gap when skipped.
   */
  instantOfWall(wall: number): number {
    // Offsets stay within ±1 day, so the offsets a day either side are those before and after any
    // transition that could touch this wall time.
    const early = wall - this.offset(wall - DAY_MS);
    const late = wall - this.offset(wall + DAY_MS);
    const first = Math.min(early, late);
    const second = Math.max(early, late);
    if (first + this.offset(first) === wall) return first;
    if (second + this.offset(second) === wall) return second;
    return this.nextTransition(first, second) ?? second;
  }

  /** Milliseconds to add to an instant to get its local wall-clock time (the zone's UTC offset then). */
  offset(epochMs: number): number {
    const bucket = Math.floor(epochMs / HOUR_MS);
    const slot = this.#slot(bucket);
    return epochMs < this.#switchAt[slot]! ? this.#before[slot]! : this.#after[slot]!;
  }

  /** The first instant in (after, until] at which the offset changes, or null. */
  nextTransition(after: number, until: number): number | null {
    for (let bucket = Math.floor(after / HOUR_MS); bucket * HOUR_MS <= until; bucket++) {
      const at = this.#switchAt[this.#slot(bucket)]!;
      if (at > after && at <= until) return at;
    }
    return null;
  }

  /** The cache slot holding `bucket`, filled on a miss. */
  #slot(bucket: number): number {
    const slot = bucket & (CACHE_SLOTS - 1);
    if (this.#keys[slot] !== bucket) this.#fill(slot, bucket);
    return slot;
  }

  /** Offsets of one hour bucket: the one in force just before it starts, the one at its last
   * millisecond, and (when they differ) the instant of the change, found by bisection. */
  #fill(slot: number, bucket: number): void {
    const start = bucket * HOUR_MS;
    let lo = start - 1;
    let hi = start + HOUR_MS - 1;
    const before = this.#slowOffset(lo);
    const after = this.#slowOffset(hi);
    if (before === after) {
      this.#switchAt[slot] = Number.POSITIVE_INFINITY;
    } else {
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.#slowOffset(mid) === before) lo = mid;
        else hi = mid;
      }
      this.#switchAt[slot] = hi;
    }
    this.#before[slot] = before;
    this.#after[slot] = after;
    this.#keys[slot] = bucket;
  }

  /** The offset at one instant, straight from Intl (microseconds; the cache exists to avoid this). */
  #slowOffset(epochMs: number): number {
    const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of this.#format.formatToParts(epochMs)) {
      if (Object.hasOwn(fields, part.type)) fields[part.type as keyof typeof fields] = Number(part.value);
    }
    const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
    // Intl shows whole seconds, so compare with the instant truncated to its second.
    return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
  }
}
