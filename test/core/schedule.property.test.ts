import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CalendarSpec, type ScheduleSpec, ScheduleBook, type Weekday } from "../../src/core/schedule.js";
import { intlLocalTime } from "../helpers/intl-reference.js";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const HORIZON = 14 * DAY;
const WEEKDAYS: Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Zones and their 2026 offset transitions (tz database), so random instants land near the edges. */
const ZONES: Record<string, string[]> = {
  "America/Chicago": ["2026-03-08T08:00:00Z", "2026-11-01T07:00:00Z"],
  "Europe/London": ["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z"],
  "Australia/Lord_Howe": ["2026-04-04T15:00:00Z", "2026-10-03T15:30:00Z"],
  "Pacific/Chatham": ["2026-04-04T14:00:00Z", "2026-09-26T14:00:00Z"],
  "America/St_Johns": ["2026-03-08T05:30:00Z", "2026-11-01T04:30:00Z"],
  "Asia/Kathmandu": ["2026-06-01T00:00:00Z"],
  UTC: ["2026-06-01T00:00:00Z"],
};

const clock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const isoDate = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const minutesOf = (text: string): number => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

/** Any minute of the day, biased to the small hours where clocks change and to midnight. */
const minute = fc.oneof(fc.integer({ min: 0, max: 1440 }), fc.integer({ min: 0, max: 300 }), fc.constantFrom(0, 1440));
const times = fc
  .tuple(minute, minute)
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => ({ from: clock(Math.min(a, b)), to: clock(Math.max(a, b)) }));
const window = fc.tuple(fc.subarray(WEEKDAYS, { minLength: 1 }), times).map(([days, t]) => ({ days, ...t }));
const spec: fc.Arbitrary<ScheduleSpec> = fc.record({
  id: fc.constant("s"),
  windows: fc.array(window, { maxLength: 4 }),
  holidays: fc.constantFrom("closed" as const, "ignore" as const, undefined),
});

/** A calendar whose dates fall in the two weeks after `now`, where they matter. */
function calendarNear(now: number): fc.Arbitrary<CalendarSpec> {
  const first = Math.floor(now / DAY) - 1;
  const day = fc.integer({ min: first, max: first + 16 });
  return fc.record({
    holidays: fc.uniqueArray(day, { maxLength: 4 }).map((days) => days.map(isoDate)),
    closures: fc.array(
      fc.record({ from: day, length: fc.integer({ min: 0, max: 6 }) }).map(({ from, length }) => ({
        from: isoDate(from),
        to: isoDate(from + length),
        reason: "closure",
      })),
      { maxLength: 2 },
    ),
    exceptions: fc
      .uniqueArray(fc.record({ day, windows: fc.array(times, { maxLength: 2 }) }), { selector: (e) => e.day, maxLength: 3 })
      .map((list) => list.map(({ day: d, windows }) => ({ date: isoDate(d), schedules: ["s"], windows }))),
  });
}

const scenario = fc
  .constantFrom(...Object.keys(ZONES))
  .chain((zone) =>
    fc.record({
      zone: fc.constant(zone),
      now: fc.oneof(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.constantFrom(...ZONES[zone]!.map(Date.parse)).chain((t) => fc.integer({ min: t - 2 * DAY, max: t + 6 * HOUR })),
      ),
      spec,
    }),
  )
  .chain((s) => calendarNear(s.now).map((calendar) => ({ ...s, calendar })));

/** Local date, weekday and minute of an instant, straight from Intl. */
function localRef(zone: string, t: number): { date: string; weekday: Weekday; minute: number } {
  const { date, weekday, minute: m } = intlLocalTime(zone, t);
  return { date, weekday: WEEKDAYS[weekday]!, minute: m };
}

/** The rules read straight off the specs, one Intl call per instant. */
function referenceActive(zone: string, schedule: ScheduleSpec, calendar: CalendarSpec, t: number): boolean {
  const { date, weekday, minute: m } = localRef(zone, t);
  const exception = calendar.exceptions.find((e) => e.date === date && e.schedules.includes(schedule.id));
  const follows = (schedule.holidays ?? "closed") === "closed";
  const inClosure = follows && calendar.closures.some((c) => c.from <= date && date <= c.to);
  const holiday = follows && calendar.holidays.includes(date);
  const replaced = exception?.windows.map((w) => ({ ...w, days: [weekday] }));
  const windows = inClosure ? [] : (replaced ?? (holiday ? [] : schedule.windows));
  return windows.some((w) => w.days.includes(weekday) && minutesOf(w.from) <= m && m < minutesOf(w.to));
}

describe("ScheduleBook properties", () => {
  it("nextChange is the first instant the state flips: constant before it, different at it", () => {
    fc.assert(
      fc.property(scenario, ({ zone, spec: s, calendar, now }) => {
        const book = new ScheduleBook(zone, [s], calendar);
        const active = book.isActive("s", now);
        const change = book.nextChange("s", now);
        if (change !== null) {
          expect(change).toBeGreaterThan(now);
          expect(change).toBeLessThanOrEqual(now + HORIZON);
          expect(book.isActive("s", change)).toBe(!active);
          expect(book.isActive("s", change - 1)).toBe(active);
        }
        // Offsets and windows are whole minutes, so every flip falls on a whole UTC minute: checking
        // each one up to the change (or the horizon) finds any flip nextChange skipped.
        const end = change ?? now + HORIZON;
        let flip: string | null = null;
        for (let t = Math.floor(now / MINUTE) * MINUTE + MINUTE; t < end && flip === null; t += MINUTE) {
          if (book.isActive("s", t) !== active) flip = new Date(t).toISOString();
        }
        expect(flip).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("isActive agrees with the rules applied to Intl's local time, on two weeks of sampled instants", () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.integer({ min: 0, max: HORIZON }), { minLength: 20, maxLength: 20 }), (sc, offsets) => {
        const book = new ScheduleBook(sc.zone, [sc.spec], sc.calendar);
        for (const t of [sc.now, ...offsets.map((o) => sc.now + o)]) {
          expect(book.isActive("s", t), new Date(t).toISOString()).toBe(referenceActive(sc.zone, sc.spec, sc.calendar, t));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("isActive at and around each change point agrees with the rules", () => {
    fc.assert(
      fc.property(scenario, ({ zone, spec: s, calendar, now }) => {
        const book = new ScheduleBook(zone, [s], calendar);
        let t: number | null = now;
        for (let i = 0; i < 6 && t !== null; i++, t = book.nextChange("s", t)) {
          for (const probe of [t - 1, t]) {
            expect(book.isActive("s", probe), new Date(probe).toISOString()).toBe(referenceActive(zone, s, calendar, probe));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
