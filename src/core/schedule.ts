/**
 * Weekly schedules of a site (school hours, door unlock timetables, custodian hours) evaluated in
 * the site's time zone against its calendar of holidays, closures and one-off exceptions.
 *
 * Semantics: a schedule is active when the site's wall clock reads a time inside one of the
 * windows that apply to that local date. Across DST this follows the wall clock: a window over a
 * skipped hour starts at the first instant after the gap, and a window over a repeated hour is
 * active both times the wall clock shows it.
 */
import { DAY_MS, LocalClock, MINUTE_MS, MINUTES_PER_DAY, parseDate, weekdayOf } from "./local-time.js";

/** Every day of the week as configuration names it, in LocalTime order (index 0 = Monday). */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** A day of the week as configuration names it. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Look-ahead of nextChange: two weeks span a weekend plus a holiday week, and the caller asks again at each change. */
const HORIZON_MS = 14 * DAY_MS;

/**
 * A weekly window: on these days from `from` to `to` local time ("07:30", "15:45"; "24:00" allowed as
 * `to`; from < to; no overnight windows — write two windows). `from` is inclusive, `to` exclusive.
 */
export interface WindowSpec {
  readonly days: readonly Weekday[];
  readonly from: string;
  readonly to: string;
}

/** Both ways a schedule treats holidays and closures: off on them, or running regardless. */
export const HOLIDAY_RULES = ["closed", "ignore"] as const;

/**
 * A named weekly schedule. holidays: "closed" (default: the schedule is inactive on holidays and
 * closures) or "ignore" (e.g. a custodian schedule that runs every day).
 */
export interface ScheduleSpec {
  readonly id: string;
  readonly windows: readonly WindowSpec[];
  readonly holidays?: (typeof HOLIDAY_RULES)[number];
}

/**
 * The site calendar: holiday dates, closures (date ranges, inclusive, e.g. a snow day), and one-off
 * exceptions that replace a schedule's windows on one date (e.g. early release: windows 07:30-12:00).
 * An exception names its schedules explicitly, so it wins over holidays on its date, but a closure
 * wins over it (a snow day on an early-release day keeps the school closed); an exception with no
 * windows closes those schedules for the day, even with holidays "ignore".
 */
export interface CalendarSpec {
  readonly holidays: readonly string[];
  readonly closures: readonly { readonly from: string; readonly to: string; readonly reason: string }[];
  readonly exceptions: readonly {
    readonly date: string;
    readonly schedules: readonly string[];
    readonly windows: readonly { from: string; to: string }[];
  }[];
}

/** Active intervals of one local day: flat [from, to) pairs in ms since local midnight, sorted, merged. */
type DayIntervals = readonly number[];

/** One compiled schedule; the last resolved day is memoised because badge decisions cluster in time. */
interface Compiled {
  readonly weekly: readonly DayIntervals[];
  readonly followsCalendar: boolean;
  readonly exceptions: Map<number, DayIntervals>;
  cachedDay: number;
  cachedIntervals: DayIntervals;
  /** The last nextChange answer: a lockdown asks it once per door, all for the same instant. */
  nextAt: number;
  nextResult: number | null;
}

/** No active intervals: a closed day. */
const NONE: DayIntervals = [];

/** Parse "HH:MM" (00:00–24:00) into minutes; null when malformed. */
export function parseClock(text: string): number | null {
  if (typeof text !== "string") return null;
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (m === null) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]); // 60 minutes an hour; "24:xx" past 24:00 is refused below
  return minutes <= MINUTES_PER_DAY ? minutes : null;
}

/** [from, to) in minutes of one window, or a RangeError naming `where`. */
function compileWindow(where: string, window: { from: string; to: string }): [number, number] {
  const from = parseClock(window.from);
  const to = parseClock(window.to);
  if (from === null) throw new RangeError(`${where}: from "${String(window.from)}" is not a time HH:MM (00:00-24:00)`);
  if (to === null) throw new RangeError(`${where}: to "${String(window.to)}" is not a time HH:MM (00:00-24:00)`);
  if (from >= to) {
    throw new RangeError(`${where}: from ${window.from} is not before to ${window.to} (overnight windows are two windows)`);
  }
  return [from, to];
}

/** Sort and merge overlapping or touching minute intervals into flat ms pairs. */
function merge(pairs: readonly (readonly [number, number])[]): DayIntervals {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [from, to] of sorted) {
    const last = out.length - 1;
    if (last > 0 && from * MINUTE_MS <= out[last]!) out[last] = Math.max(out[last]!, to * MINUTE_MS);
    else out.push(from * MINUTE_MS, to * MINUTE_MS);
  }
  return out;
}

/** Per-weekday merged intervals of one schedule; throws RangeError naming the schedule and window. */
function compileSchedule(spec: ScheduleSpec): Compiled {
  const perDay: [number, number][][] = WEEKDAYS.map(() => []);
  spec.windows.forEach((window, i) => {
    const where = `schedule "${spec.id}" window ${i + 1}`;
    const interval = compileWindow(where, window);
    if (window.days.length === 0) throw new RangeError(`${where}: no days`);
    for (const day of window.days) {
      const index = WEEKDAYS.indexOf(day);
      if (index < 0) throw new RangeError(`${where}: day "${String(day)}" is not one of ${WEEKDAYS.join(", ")}`);
      perDay[index]!.push(interval);
    }
  });
  const mode = spec.holidays ?? "closed";
  if (mode !== "closed" && mode !== "ignore") {
    throw new RangeError(`schedule "${spec.id}": holidays "${String(mode)}" is neither "closed" nor "ignore"`);
  }
  const weekly = perDay.map(merge);
  const followsCalendar = mode === "closed";
  return { weekly, followsCalendar, exceptions: new Map(), cachedDay: Number.NaN, cachedIntervals: NONE, nextAt: Number.NaN, nextResult: null };
}

/** Every schedule by id; ids must be unique and non-empty. */
function compileSchedules(specs: readonly ScheduleSpec[]): Map<string, Compiled> {
  const out = new Map<string, Compiled>();
  for (const spec of specs) {
    if (typeof spec.id !== "string" || spec.id === "") throw new RangeError("a schedule has no id");
    if (out.has(spec.id)) throw new RangeError(`schedule "${spec.id}" is defined twice`);
    out.set(spec.id, compileSchedule(spec));
  }
  return out;
}

/** Day number of a calendar date; throws RangeError naming `where`. */
function dayOf(where: string, text: string): number {
  const day = parseDate(text);
  if (day === null) throw new RangeError(`${where}: "${String(text)}" is not a date YYYY-MM-DD`);
  return day;
}

/** Attach each calendar exception to the schedules it names. */
function applyExceptions(schedules: Map<string, Compiled>, exceptions: CalendarSpec["exceptions"]): void {
  exceptions.forEach((exception, i) => {
    const where = `calendar exception ${i + 1} (${String(exception.date)})`;
    const day = dayOf(where, exception.date);
    const windows = merge(exception.windows.map((w, j) => compileWindow(`${where} window ${j + 1}`, w)));
    if (exception.schedules.length === 0) throw new RangeError(`${where}: names no schedule`);
    for (const id of exception.schedules) {
      const schedule = schedules.get(id);
      if (schedule === undefined) throw new RangeError(`${where}: unknown schedule "${String(id)}"`);
      if (schedule.exceptions.has(day)) {
        throw new RangeError(`${where}: schedule "${id}" already has an exception on that date`);
      }
      schedule.exceptions.set(day, windows);
    }
  });
}

/**
 * Compiled schedules of a site. Validates on construction (throws RangeError with a clear message
 * naming the schedule and window) — the config compiler turns that into a config problem.
 */
export class ScheduleBook {
  readonly #clock: LocalClock;
  readonly #schedules: Map<string, Compiled>;
  readonly #holidays: ReadonlySet<number>;
  /** Closures as inclusive [first, last] day numbers. */
  readonly #closures: readonly (readonly [number, number])[];

  /** Compile and validate; throws RangeError on the first problem found. */
  constructor(timeZone: string, schedules: readonly ScheduleSpec[], calendar: CalendarSpec) {
    this.#clock = new LocalClock(timeZone);
    this.#schedules = compileSchedules(schedules);
    this.#holidays = new Set(calendar.holidays.map((d, i) => dayOf(`calendar holiday ${i + 1}`, d)));
    this.#closures = calendar.closures.map((c, i) => {
      const where = `calendar closure ${i + 1} (${String(c.reason)})`;
      const range = [dayOf(`${where} from`, c.from), dayOf(`${where} to`, c.to)] as const;
      if (range[0] > range[1]) throw new RangeError(`${where}: from ${c.from} is after to ${c.to}`);
      return range;
    });
    applyExceptions(this.#schedules, calendar.exceptions);
  }

  /** Whether a schedule with this id exists. */
  has(id: string): boolean {
    return this.#schedules.has(id);
  }

  /** Whether the schedule is active (inside a window) at `now`. Throws RangeError for an unknown id (check `has` first). */
  isActive(id: string, now: number): boolean {
    const schedule = this.#get(id);
    const wall = now + this.#clock.offset(now);
    const day = Math.floor(wall / DAY_MS);
    const intervals = this.#day(schedule, day);
    const ms = wall - day * DAY_MS;
    for (let i = 0; i < intervals.length; i += 2) {
      if (ms < intervals[i]!) return false;
      if (ms < intervals[i + 1]!) return true;
    }
    return false;
  }

  /** The next instant after `now` at which isActive(id, ·) changes, or null if it never changes within the next 14 days. */
  nextChange(id: string, now: number): number | null {
    const schedule = this.#get(id);
    if (schedule.nextAt === now) return schedule.nextResult;
    const result = this.#nextChange(schedule, id, now);
    schedule.nextAt = now;
    schedule.nextResult = result;
    return result;
  }

  #nextChange(schedule: Compiled, id: string, now: number): number | null {
    const active = this.isActive(id, now);
    const horizon = now + HORIZON_MS;
    // Between offset transitions wall time runs in step with real time, so the change is the next
    // wall-clock boundary, unless a transition comes first and itself flips the state.
    for (let t = now; ; ) {
      const offset = this.#clock.offset(t);
      const wall = this.#nextWallChange(schedule, t + offset, active, horizon + offset);
      const change = wall === null ? Number.POSITIVE_INFINITY : wall - offset;
      const shift = this.#clock.nextTransition(t, Math.min(change, horizon));
      if (shift === null) return change <= horizon ? change : null;
      if (this.isActive(id, shift) !== active) return shift;
      t = shift;
    }
  }

  #get(id: string): Compiled {
    const schedule = this.#schedules.get(id);
    if (schedule === undefined) throw new RangeError(`unknown schedule "${id}"`);
    return schedule;
  }

  /**
   * The intervals that apply on one local day: nothing during a closure (a snow day closes the school
   * even on a planned early-release day), else an exception, else nothing on a holiday, else the
   * weekday's.
   */
  #day(schedule: Compiled, day: number): DayIntervals {
    if (schedule.cachedDay !== day) {
      const closed = schedule.followsCalendar && this.#inClosure(day);
      schedule.cachedIntervals = closed
        ? NONE
        : (schedule.exceptions.get(day) ??
          (schedule.followsCalendar && this.#holidays.has(day) ? NONE : schedule.weekly[weekdayOf(day)]!));
      schedule.cachedDay = day;
    }
    return schedule.cachedIntervals;
  }

  /** Whether a day is inside a closure. */
  #inClosure(day: number): boolean {
    return this.#closures.some(([first, last]) => day >= first && day <= last);
  }

  /** The first wall time after `wall` where the wall-clock state stops being `active`; null when none starts by `limit`. */
  #nextWallChange(schedule: Compiled, wall: number, active: boolean, limit: number): number | null {
    let day = Math.floor(wall / DAY_MS);
    let intervals = this.#day(schedule, day);
    if (!active) {
      for (; day * DAY_MS <= limit; day++, intervals = this.#day(schedule, day)) {
        for (let i = 0; i < intervals.length; i += 2) {
          if (day * DAY_MS + intervals[i]! > wall) return day * DAY_MS + intervals[i]!;
        }
      }
      return null;
    }
    let i = 0;
    while (day * DAY_MS + intervals[i + 1]! <= wall) i += 2;
    let end = day * DAY_MS + intervals[i + 1]!;
    // A window ending at 24:00 continues into one starting at 00:00 the next day.
    while (end === (day + 1) * DAY_MS && end <= limit) {
      day++;
      intervals = this.#day(schedule, day);
      if (intervals[0] !== 0) break;
      end = day * DAY_MS + intervals[1]!;
    }
    return end;
  }
}
