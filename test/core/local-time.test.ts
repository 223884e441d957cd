import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LocalClock, formatDate, parseDate, weekdayOf } from "../../src/core/local-time.js";
import { intlLocalTime } from "../helpers/intl-reference.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Zones with the awkward rules: US and EU DST, a 30-minute DST shift (Lord_Howe), a 2-hour one
 * (Troll), quarter-hour offsets (Kathmandu, Chatham), half-hour DST at night (St_Johns), DST that
 * pauses for Ramadan (Casablanca), DST abolished in 2019 (Sao_Paulo), and none at all (UTC). */
const ZONES = [
  "America/Chicago",
  "Europe/London",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "Pacific/Chatham",
  "America/St_Johns",
  "Africa/Casablanca",
  "Antarctica/Troll",
  "America/Sao_Paulo",
  "UTC",
] as const;

/** Offset transitions of 2026 (from the tz database), to aim random instants at the edges. */
const TRANSITIONS = [
  "2026-03-08T08:00:00Z",
  "2026-11-01T07:00:00Z",
  "2026-03-29T01:00:00Z",
  "2026-10-25T01:00:00Z",
  "2026-04-04T15:00:00Z",
  "2026-10-03T15:30:00Z",
  "2026-04-04T14:00:00Z",
  "2026-09-26T14:00:00Z",
  "2026-03-08T05:30:00Z",
  "2026-11-01T04:30:00Z",
  "2026-02-15T02:00:00Z",
  "2026-03-22T02:00:00Z",
].map((iso) => Date.parse(iso));

const instants = fc.oneof(
  fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2036, 0, 1) - 1 }),
  fc.constantFrom(...TRANSITIONS).chain((t) => fc.integer({ min: t - 3 * HOUR, max: t + 3 * HOUR })),
);

describe("LocalClock.at", () => {
  it.each([
    ["America/Chicago", "2026-03-08T07:59:59.999Z", { date: "2026-03-08", weekday: 6, minute: 119 }],
    ["America/Chicago", "2026-03-08T08:00:00.000Z", { date: "2026-03-08", weekday: 6, minute: 180 }],
    ["America/Chicago", "2026-11-01T06:30:00.000Z", { date: "2026-11-01", weekday: 6, minute: 90 }],
    ["America/Chicago", "2026-11-01T07:30:00.000Z", { date: "2026-11-01", weekday: 6, minute: 90 }],
    ["America/Chicago", "2026-01-01T05:59:59.999Z", { date: "2025-12-31", weekday: 2, minute: 1439 }],
    ["Europe/London", "2026-03-29T00:59:00.000Z", { date: "2026-03-29", weekday: 6, minute: 59 }],
    ["Europe/London", "2026-03-29T01:00:00.000Z", { date: "2026-03-29", weekday: 6, minute: 120 }],
    ["Australia/Lord_Howe", "2026-04-04T14:59:00.000Z", { date: "2026-04-05", weekday: 6, minute: 119 }],
    ["Australia/Lord_Howe", "2026-04-04T15:00:00.000Z", { date: "2026-04-05", weekday: 6, minute: 90 }],
    ["Australia/Lord_Howe", "2026-10-03T15:29:59.999Z", { date: "2026-10-04", weekday: 6, minute: 119 }],
    ["Australia/Lord_Howe", "2026-10-03T15:30:00.000Z", { date: "2026-10-04", weekday: 6, minute: 150 }],
    ["Asia/Kathmandu", "2026-01-18T18:15:00.000Z", { date: "2026-01-19", weekday: 0, minute: 0 }],
    ["Asia/Kathmandu", "2026-01-18T18:14:59.999Z", { date: "2026-01-18", weekday: 6, minute: 1439 }],
    ["UTC", "1969-12-31T23:59:59.999Z", { date: "1969-12-31", weekday: 2, minute: 1439 }],
  ] as const)("%s at %s", (zone, iso, expected) => {
    expect(new LocalClock(zone).at(Date.parse(iso))).toEqual(expected);
  });

  it("agrees with one Intl formatToParts call per instant, 2020–2035, around every transition", () => {
    const clocks = new Map(ZONES.map((z) => [z, new LocalClock(z)]));
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instants, (zone, t) => {
        const { wall: _wall, ...expected } = intlLocalTime(zone, t);
        expect(clocks.get(zone)!.at(t)).toEqual(expected);
        expect(new LocalClock(zone).at(t)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("stays right when instants an exact cache period apart share a slot", () => {
    const clock = new LocalClock("America/Chicago");
    const spring = Date.parse("2026-03-08T08:00:00Z");
    for (const t of [spring - 1, spring - 1 + 1024 * HOUR, spring - 1, spring, spring + 1024 * HOUR, spring]) {
      const { wall: _wall, ...expected } = intlLocalTime("America/Chicago", t);
      expect(clock.at(t)).toEqual(expected);
    }
  });

  it("rejects an unknown zone and an invalid instant with RangeError", () => {
    expect(() => new LocalClock("Mars/Olympus_Mons")).toThrow(/unknown time zone "Mars\/Olympus_Mons"/);
    expect(() => new LocalClock("America/Chicago").at(Number.NaN)).toThrow(RangeError);
  });
});

describe("LocalClock.instant", () => {
  it.each([
    ["America/Chicago", "2026-01-20", 450, "2026-01-20T13:30:00Z"],
    ["America/Chicago", "2026-03-08", 89, "2026-03-08T07:29:00Z"],
    ["America/Chicago", "2026-03-08", 120, "2026-03-08T08:00:00Z"],
    ["America/Chicago", "2026-03-08", 150, "2026-03-08T08:00:00Z"],
    ["America/Chicago", "2026-03-08", 180, "2026-03-08T08:00:00Z"],
    ["America/Chicago", "2026-03-08", 210, "2026-03-08T08:30:00Z"],
    ["America/Chicago", "2026-11-01", 60, "2026-11-01T06:00:00Z"],
    ["America/Chicago", "2026-11-01", 90, "2026-11-01T06:30:00Z"],
    ["America/Chicago", "2026-11-01", 120, "2026-11-01T08:00:00Z"],
    ["America/Chicago", "2026-01-20", 1440, "2026-01-21T06:00:00Z"],
    ["Australia/Lord_Howe", "2026-10-04", 135, "2026-10-03T15:30:00Z"],
    ["Australia/Lord_Howe", "2026-04-05", 100, "2026-04-04T14:40:00Z"],
    ["Australia/Lord_Howe", "2026-04-05", 125, "2026-04-04T15:35:00Z"],
    ["Asia/Kathmandu", "2026-01-19", 0, "2026-01-18T18:15:00Z"],
  ] as const)("%s %s minute %i is %s", (zone, date, minute, iso) => {
    expect(new Date(new LocalClock(zone).instant(date, minute)).toISOString()).toBe(new Date(iso).toISOString());
  });

  it("is the earliest instant whose wall clock reads at or after the time (brute force by minute)", () => {
    const clocks = new Map(ZONES.map((z) => [z, new LocalClock(z)]));
    const dates = fc.oneof(
      fc.integer({ min: parseDate("2020-01-01")!, max: parseDate("2035-12-31")! }),
      fc.constantFrom(...TRANSITIONS.map((t) => Math.floor(t / 86_400_000))).chain((d) => fc.integer({ min: d - 1, max: d + 1 })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), dates, fc.integer({ min: 0, max: 1440 }), (zone, day, minute) => {
        const wall = day * 86_400_000 + minute * MINUTE;
        // Offsets lie within -12h…+14h, so the answer lies in [wall - 14h, wall + 12h].
        let expected = wall - 15 * HOUR;
        while (intlLocalTime(zone, expected).wall < wall) expected += MINUTE;
        expect(clocks.get(zone)!.instant(formatDate(day), minute)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ["2026-02-30", 0, /invalid date "2026-02-30"/],
    ["2026-1-5", 0, /invalid date/],
    ["2026-01-05", 1441, /invalid minute 1441/],
    ["2026-01-05", -1, /invalid minute -1/],
    ["2026-01-05", 7.5, /invalid minute 7.5/],
  ] as const)("rejects %s minute %s", (date, minute, message) => {
    expect(() => new LocalClock("UTC").instant(date, minute)).toThrow(message);
  });
});

describe("calendar helpers", () => {
  it.each([
    ["1970-01-01", 0],
    ["2026-03-08", 20_520],
    ["2024-02-29", 19_782],
    ["1969-12-31", -1],
    ["2025-02-29", null],
    ["2026-13-01", null],
    ["2026-00-10", null],
    ["0050-01-01", null],
    ["2026-03-08T00:00", null],
    ["26-03-08", null],
  ] as const)("parseDate(%s) is %s", (text, day) => {
    expect(parseDate(text)).toBe(day);
    if (day !== null) expect(formatDate(day)).toBe(text);
  });

  it("weekdayOf counts Monday as 0, before and after 1970", () => {
    expect([-4, -3, -1, 0, 3, 4, parseDate("2026-03-08")!].map(weekdayOf)).toEqual([6, 0, 2, 3, 6, 0, 6]);
  });
});
