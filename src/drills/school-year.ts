// A school year as instants of the site's own days: a school's day begins at its local midnight, not at UTC's.
import { formatDate, LocalClock, MINUTES_PER_DAY, parseDate } from "../core/local-time.js";

export interface SchoolYear {
  /** The first day of school as written (`YYYY-MM-DD`), a day of the site's calendar. */
  readonly firstDate: string;
  /** The site's IANA time zone: where its days begin and end. */
  readonly timeZone: string;
  /** First day of school, epoch ms: its local midnight. */
  readonly firstDay: number;
  /** The end of the last day of school (the next local midnight), epoch ms. */
  readonly end: number;
}

/** The year from the start of `first` to the end of `last`, both site-local days. Throws RangeError for a bad date or zone. */
export function schoolYear(first: string, last: string, timeZone: string): SchoolYear {
  const clock = new LocalClock(timeZone);
  return { firstDate: first, timeZone, firstDay: clock.instant(first, 0), end: clock.instant(last, MINUTES_PER_DAY) };
}

/**
 * The local midnight `days` days after the first day's: the end of the site-local day before it, the
 * deadline of a drill due "within `days` days of the first day of school". Counted in calendar days,
 * so a daylight saving change in between moves the instant, never the day.
 */
export function daysAfterStart(year: SchoolYear, days: number): number {
  const first = parseDate(year.firstDate);
  if (first === null) throw new RangeError(`invalid first day "${year.firstDate}"`);
  return new LocalClock(year.timeZone).instant(formatDate(first + days), 0);
}

/** The site-local date (`YYYY-MM-DD`) an instant falls on. */
export function localDate(at: number, timeZone: string): string {
  return new LocalClock(timeZone).at(at).date;
}

/** The last site-local day (YYYY-MM-DD) a drill may start on to count, from the exclusive deadline. */
export function lastDayBefore(deadline: number, timeZone: string): string {
  return localDate(deadline - 1, timeZone);
}
