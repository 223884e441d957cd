import { describe, expect, it } from "vitest";
import { type CalendarSpec, type ScheduleSpec, ScheduleBook, type Weekday, parseClock } from "../../src/core/schedule.js";

const WEEKDAYS: Weekday[] = ["mon", "tue", "wed", "thu", "fri"];
const EVERY_DAY: Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const SCHEDULES: ScheduleSpec[] = [
  { id: "school", windows: [{ days: WEEKDAYS, from: "07:30", to: "15:45" }] },
  { id: "custodian", holidays: "ignore", windows: [{ days: EVERY_DAY, from: "05:00", to: "24:00" }] },
  {
    id: "aftercare",
    windows: [
      { days: WEEKDAYS, from: "15:00", to: "18:00" },
      { days: WEEKDAYS, from: "15:30", to: "16:00" },
      { days: WEEKDAYS, from: "18:00", to: "18:30" },
    ],
  },
  { id: "always", holidays: "ignore", windows: [{ days: EVERY_DAY, from: "00:00", to: "24:00" }] },
  { id: "never", windows: [] },
  {
    id: "friday-night",
    windows: [
      { days: ["fri"], from: "22:00", to: "24:00" },
      { days: ["sat"], from: "00:00", to: "02:00" },
    ],
  },
  { id: "sunday-service", windows: [{ days: ["sun"], from: "10:00", to: "11:00" }] },
  { id: "spring", windows: [{ days: ["sun"], from: "01:30", to: "03:30" }] },
  { id: "in-gap", windows: [{ days: ["sun"], from: "02:00", to: "02:30" }] },
  { id: "from-gap", windows: [{ days: ["sun"], from: "02:15", to: "04:00" }] },
  { id: "to-gap", windows: [{ days: ["sun"], from: "00:00", to: "02:00" }] },
  { id: "repeated", windows: [{ days: ["sun"], from: "01:00", to: "02:00" }] },
  { id: "repeated-part", windows: [{ days: ["sun"], from: "01:30", to: "01:45" }] },
];

const CALENDAR: CalendarSpec = {
  holidays: ["2026-01-19", "2026-04-05", "2026-04-12"],
  closures: [
    { from: "2026-02-02", to: "2026-02-03", reason: "snow" },
    { from: "2026-06-01", to: "2026-08-14", reason: "summer break" },
  ],
  exceptions: [
    { date: "2026-05-22", schedules: ["school"], windows: [{ from: "07:30", to: "12:00" }] },
    { date: "2026-01-19", schedules: ["aftercare"], windows: [{ from: "09:00", to: "12:00" }] },
    { date: "2026-02-03", schedules: ["custodian"], windows: [] },
    { date: "2026-02-02", schedules: ["school"], windows: [{ from: "07:30", to: "12:00" }] },
  ],
};

const book = new ScheduleBook("America/Chicago", SCHEDULES, CALENDAR);
const at = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad test instant ${iso}`);
  return t;
};

describe("ScheduleBook.isActive (America/Chicago)", () => {
  it.each<[string, string, boolean, string]>([
    ["school", "2026-01-20T07:29:59.999-06:00", false, "a Tuesday just before from"],
    ["school", "2026-01-20T07:30:00-06:00", true, "from is inclusive"],
    ["school", "2026-01-20T15:44:59.999-06:00", true, "the last instant"],
    ["school", "2026-01-20T15:45:00-06:00", false, "to is exclusive"],
    ["school", "2026-01-24T10:00:00-06:00", false, "Saturday"],
    ["school", "2026-01-19T10:00:00-06:00", false, "a holiday closes it"],
    ["school", "2026-02-02T09:00:00-06:00", false, "a closure (snow day) wins over an early-release exception"],
    ["custodian", "2026-01-19T10:00:00-06:00", true, "holidays: ignore"],
    ["custodian", "2026-01-24T23:59:59.999-06:00", true, "a window to 24:00 covers the last instant"],
    ["custodian", "2026-01-25T00:00:00-06:00", false, "and ends at midnight"],
    ["custodian", "2026-01-25T04:59:59.999-06:00", false, "before 05:00"],
    ["school", "2026-02-02T10:00:00-06:00", false, "first day of a closure"],
    ["school", "2026-02-03T10:00:00-06:00", false, "last day of a closure (inclusive)"],
    ["school", "2026-02-04T10:00:00-06:00", true, "the day after a closure"],
    ["school", "2026-01-30T10:00:00-06:00", true, "the day before a closure"],
    ["custodian", "2026-02-02T10:00:00-06:00", true, "closures do not apply with holidays: ignore"],
    ["custodian", "2026-02-03T10:00:00-06:00", false, "an exception with no windows closes even an ignore schedule"],
    ["school", "2026-05-22T11:59:59.999-05:00", true, "early release exception"],
    ["school", "2026-05-22T12:00:00-05:00", false, "early release ends at 12:00"],
    ["school", "2026-05-21T14:00:00-05:00", true, "the normal day before the exception"],
    ["aftercare", "2026-01-19T10:00:00-06:00", true, "an exception overrides a holiday"],
    ["aftercare", "2026-01-19T15:30:00-06:00", false, "and replaces the weekly windows"],
    ["aftercare", "2026-01-20T17:00:00-06:00", true, "overlapping windows merge"],
    ["aftercare", "2026-01-20T18:15:00-06:00", true, "touching windows merge"],
    ["aftercare", "2026-01-20T18:30:00-06:00", false, "after the merged window"],
    ["always", "2026-03-08T08:00:00Z", true, "24/7"],
    ["never", "2026-01-20T10:00:00-06:00", false, "no windows"],
    ["friday-night", "2026-01-24T00:00:00-06:00", true, "Saturday 00:00"],
    ["friday-night", "2026-01-24T02:00:00-06:00", false, "Saturday 02:00"],
  ])("%s at %s is %s (%s)", (id, iso, expected) => {
    expect(book.isActive(id, at(iso))).toBe(expected);
  });

  it.each<[string, string, boolean, string]>([
    ["spring", "2026-03-08T07:29:59.999Z", false, "01:29 CST"],
    ["spring", "2026-03-08T07:30:00Z", true, "01:30 CST"],
    ["spring", "2026-03-08T07:59:59.999Z", true, "01:59 CST, just before the gap"],
    ["spring", "2026-03-08T08:00:00Z", true, "03:00 CDT, just after the gap"],
    ["spring", "2026-03-08T08:29:59.999Z", true, "03:29 CDT"],
    ["spring", "2026-03-08T08:30:00Z", false, "03:30 CDT"],
    ["in-gap", "2026-03-08T08:00:00Z", false, "a window inside the skipped hour never opens"],
    ["in-gap", "2026-03-15T07:15:00Z", true, "but does on the next Sunday (02:15 CDT)"],
    ["repeated", "2026-11-01T05:59:59.999Z", false, "00:59 CDT"],
    ["repeated", "2026-11-01T06:00:00Z", true, "01:00 CDT"],
    ["repeated", "2026-11-01T07:00:00Z", true, "01:00 CST, the repeated hour"],
    ["repeated", "2026-11-01T07:59:59.999Z", true, "01:59 CST"],
    ["repeated", "2026-11-01T08:00:00Z", false, "02:00 CST"],
    ["repeated-part", "2026-11-01T06:40:00Z", true, "01:40 CDT"],
    ["repeated-part", "2026-11-01T07:10:00Z", false, "01:10 CST, the wall clock is outside the window"],
    ["repeated-part", "2026-11-01T07:40:00Z", true, "01:40 CST, the second time the wall clock shows it"],
  ])("DST: %s at %s is %s (%s)", (id, iso, expected) => {
    expect(book.isActive(id, at(iso))).toBe(expected);
  });
});

describe("ScheduleBook.nextChange (America/Chicago)", () => {
  it.each<[string, string, string, string]>([
    ["school", "2026-01-20T07:30:00-06:00", "2026-01-20T15:45:00-06:00", "from a start to the end"],
    ["school", "2026-01-20T06:00:00-06:00", "2026-01-20T07:30:00-06:00", "to the start"],
    ["school", "2026-01-16T16:00:00-06:00", "2026-01-20T07:30:00-06:00", "across a weekend and a Monday holiday"],
    ["school", "2026-01-30T16:00:00-06:00", "2026-02-04T07:30:00-06:00", "across a weekend and a closure"],
    ["school", "2026-05-22T08:00:00-05:00", "2026-05-22T12:00:00-05:00", "an exception's end"],
    ["school", "2026-05-29T10:00:00-05:00", "2026-05-29T15:45:00-05:00", "the last day before summer break"],
    ["school", "2026-08-07T10:00:00-05:00", "2026-08-17T07:30:00-05:00", "from inside summer break to its first day after"],
    ["custodian", "2026-01-24T23:00:00-06:00", "2026-01-25T00:00:00-06:00", "a 24:00 end is the next midnight"],
    ["custodian", "2026-01-25T00:00:00-06:00", "2026-01-25T05:00:00-06:00", "after midnight"],
    ["friday-night", "2026-01-23T23:00:00-06:00", "2026-01-24T02:00:00-06:00", "24:00 joined to 00:00 is no change"],
    ["friday-night", "2026-01-24T03:00:00-06:00", "2026-01-30T22:00:00-06:00", "a week ahead"],
    ["sunday-service", "2026-04-05T12:00:00-05:00", "2026-04-19T10:00:00-05:00", "13 days 22 hours, inside the horizon"],
    ["spring", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z", "01:00 CST to 01:30 CST"],
    ["spring", "2026-03-08T07:30:00Z", "2026-03-08T08:30:00Z", "through the gap to 03:30 CDT"],
    ["in-gap", "2026-03-08T07:00:00Z", "2026-03-15T07:00:00Z", "the skipped window is skipped"],
    ["from-gap", "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z", "a start inside the gap is the first instant after it"],
    ["from-gap", "2026-03-08T08:00:00Z", "2026-03-08T09:00:00Z", "and runs to 04:00 CDT"],
    ["to-gap", "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z", "an end inside the gap is the first instant after it"],
    ["repeated", "2026-11-01T05:00:00Z", "2026-11-01T06:00:00Z", "to 01:00 CDT"],
    ["repeated", "2026-11-01T06:00:00Z", "2026-11-01T08:00:00Z", "through both 01:00 hours to 02:00 CST"],
    ["repeated-part", "2026-11-01T06:30:00Z", "2026-11-01T06:45:00Z", "first 01:45"],
    ["repeated-part", "2026-11-01T06:45:00Z", "2026-11-01T07:30:00Z", "second 01:30"],
    ["repeated-part", "2026-11-01T07:30:00Z", "2026-11-01T07:45:00Z", "second 01:45"],
  ])("%s from %s is %s (%s)", (id, now, expected) => {
    expect(book.nextChange(id, at(now))).toBe(at(expected));
  });

  it.each<[string, string, string]>([
    ["always", "2026-03-01T00:00:00-06:00", "always active, across spring forward"],
    ["never", "2026-03-01T00:00:00-06:00", "never active"],
    ["school", "2026-05-29T16:00:00-05:00", "summer break is longer than 14 days"],
    ["sunday-service", "2026-03-29T11:00:00-05:00", "two holiday Sundays push the next one 21 days out"],
  ])("%s from %s is null (%s)", (id, now) => {
    expect(book.nextChange(id, at(now))).toBeNull();
  });
});

describe("ScheduleBook in other zones", () => {
  const single = (zone: string, days: Weekday[], from: string, to: string): ScheduleBook =>
    new ScheduleBook(zone, [{ id: "s", windows: [{ days, from, to }] }], { holidays: [], closures: [], exceptions: [] });

  it("Australia/Lord_Howe: a window over the repeated half hour stays open through it", () => {
    const lordHowe = single("Australia/Lord_Howe", ["sun"], "01:00", "03:00");
    // 01:00 +11:00 on 2026-04-05; at 02:00 +11:00 clocks go back to 01:30 +10:30; 03:00 +10:30.
    expect(lordHowe.isActive("s", at("2026-04-04T14:00:00Z"))).toBe(true);
    expect(lordHowe.nextChange("s", at("2026-04-04T14:00:00Z"))).toBe(at("2026-04-04T16:30:00Z"));
  });

  it("Asia/Kathmandu: windows follow the +05:45 offset", () => {
    const kathmandu = single("Asia/Kathmandu", ["mon"], "09:00", "17:00");
    expect(kathmandu.isActive("s", at("2026-01-19T03:14:59.999Z"))).toBe(false);
    expect(kathmandu.isActive("s", at("2026-01-19T03:15:00Z"))).toBe(true);
    expect(kathmandu.nextChange("s", at("2026-01-19T03:15:00Z"))).toBe(at("2026-01-19T11:15:00Z"));
  });
});

describe("ScheduleBook validation", () => {
  const ok: ScheduleSpec = { id: "ok", windows: [{ days: ["mon"], from: "08:00", to: "09:00" }] };
  const empty: CalendarSpec = { holidays: [], closures: [], exceptions: [] };
  const window = (from: string, to: string, days: string[] = ["mon"]): ScheduleSpec => ({
    id: "s",
    windows: [ok.windows[0]!, { days: days as Weekday[], from, to }],
  });
  const exception = (date: string, schedules: string[], windows = [{ from: "08:00", to: "12:00" }]): CalendarSpec => ({
    ...empty,
    exceptions: [{ date, schedules, windows }],
  });

  it.each([
    ["from after to", [window("16:00", "08:00")], empty, /schedule "s" window 2: from 16:00 is not before to 08:00/],
    ["from equal to to", [window("08:00", "08:00")], empty, /schedule "s" window 2: from 08:00 is not before to 08:00/],
    ["from 24:00", [window("24:00", "24:00")], empty, /schedule "s" window 2: from 24:00 is not before/],
    ["a bad day", [window("08:00", "09:00", ["monday"])], empty, /schedule "s" window 2: day "monday" is not one of mon, tue/],
    ["no days", [window("08:00", "09:00", [])], empty, /schedule "s" window 2: no days/],
    ["a bad from", [window("7:30", "09:00")], empty, /schedule "s" window 2: from "7:30" is not a time HH:MM/],
    ["a to past 24:00", [window("08:00", "24:30")], empty, /schedule "s" window 2: to "24:30" is not a time/],
    ["a bad holidays mode", [{ ...ok, holidays: "open" as "closed" }], empty, /schedule "ok": holidays "open"/],
    ["a duplicate id", [ok, ok], empty, /schedule "ok" is defined twice/],
    ["an empty id", [{ ...ok, id: "" }], empty, /a schedule has no id/],
    ["a bad holiday date", [ok], { ...empty, holidays: ["2026-02-30"] }, /calendar holiday 1: "2026-02-30" is not a date/],
    [
      "a bad closure date",
      [ok],
      { ...empty, closures: [{ from: "2026-13-01", to: "2026-13-02", reason: "snow" }] },
      /calendar closure 1 \(snow\) from: "2026-13-01" is not a date/,
    ],
    [
      "a closure ending before it starts",
      [ok],
      { ...empty, closures: [{ from: "2026-02-03", to: "2026-02-02", reason: "snow" }] },
      /calendar closure 1 \(snow\): from 2026-02-03 is after to 2026-02-02/,
    ],
    [
      "an exception for an unknown schedule",
      [ok],
      exception("2026-05-22", ["nope"]),
      /exception 1 \(2026-05-22\): unknown schedule "nope"/,
    ],
    ["an exception with a bad date", [ok], exception("20260522", ["ok"]), /exception 1 \(20260522\): "20260522" is not a date/],
    ["an exception naming no schedule", [ok], exception("2026-05-22", []), /exception 1 \(2026-05-22\): names no schedule/],
    [
      "an exception with a bad window",
      [ok],
      exception("2026-05-22", ["ok"], [{ from: "12:00", to: "07:30" }]),
      /exception 1 \(2026-05-22\) window 1: from 12:00 is not before to 07:30/,
    ],
    [
      "two exceptions for one schedule on one date",
      [ok],
      { ...empty, exceptions: [...exception("2026-05-22", ["ok"]).exceptions, ...exception("2026-05-22", ["ok"]).exceptions] },
      /exception 2 \(2026-05-22\): schedule "ok" already has an exception on that date/,
    ],
  ] as const)("rejects %s", (_what, schedules, calendar, message) => {
    expect(() => new ScheduleBook("America/Chicago", schedules, calendar)).toThrow(RangeError);
    expect(() => new ScheduleBook("America/Chicago", schedules, calendar)).toThrow(message);
  });

  it("rejects an unknown time zone", () => {
    expect(() => new ScheduleBook("America/Springfield", [ok], empty)).toThrow(/unknown time zone "America\/Springfield"/);
  });

  it("answers has() and refuses unknown ids", () => {
    const b = new ScheduleBook("UTC", [ok], empty);
    expect([b.has("ok"), b.has("nope")]).toEqual([true, false]);
    expect(() => b.isActive("nope", 0)).toThrow(/unknown schedule "nope"/);
    expect(() => b.nextChange("nope", 0)).toThrow(/unknown schedule "nope"/);
  });
});

describe("parseClock", () => {
  it.each([
    ["00:00", 0],
    ["07:30", 450],
    ["23:59", 1439],
    ["24:00", 1440],
    ["24:01", null],
    ["25:00", null],
    ["12:60", null],
    ["7:30", null],
    ["07:3", null],
    [" 07:30", null],
    ["07:30 ", null],
    ["07:30:00", null],
    ["noon", null],
    ["", null],
  ] as const)("parseClock(%j) is %s", (text, minutes) => {
    expect(parseClock(text)).toBe(minutes);
  });
});
