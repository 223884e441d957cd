import { formatDate, LocalClock, parseDate } from "../core/local-time.js";

/**
 * When the school day ends, in the site's time zone: passes expire then and visitors still signed in
 * are signed out. Pure: instants in, instants out.
 */
export class SchoolDayEnd {
  private readonly clock: LocalClock;
  private readonly minute: number;

  /** @param end local "HH:MM" (`visitors.school_day_end`). */
  constructor(timeZone: string, end: string) {
    this.clock = new LocalClock(timeZone);
    const [h, m] = end.split(":").map(Number);
    this.minute = (h ?? 0) * 60 + (m ?? 0);
  }

  /** The first day end after `now`. */
  next(now: number): number {
    const today = this.onDay(this.clock.at(now).date, 0);
    return today > now ? today : this.onDay(this.clock.at(now).date, 1);
  }

  /** The last day end at or before `now`. */
  previous(now: number): number {
    const today = this.onDay(this.clock.at(now).date, 0);
    return today <= now ? today : this.onDay(this.clock.at(now).date, -1);
  }

  /** The instants [start, end) of a local calendar date. */
  dayBounds(date: string): [number, number] {
    return [this.clock.instant(date, 0), this.onDay(date, 1, 0)];
  }

  private onDay(date: string, days: number, minute = this.minute): number {
    const day = parseDate(date);
    if (day === null) throw new RangeError(`invalid date "${date}"`);
    return this.clock.instant(formatDate(day + days), minute);
  }
}
