import { describe, expect, it } from "vitest";
import { SchoolDayEnd } from "../../src/visitors/day-end.js";

const at = (iso: string) => Date.parse(iso);
const chicago = new SchoolDayEnd("America/Chicago", "16:00");

describe("the end of the school day in the site's time zone", () => {
  it("is today's end before it, tomorrow's from it on", () => {
    expect(new Date(chicago.next(at("2026-11-23T15:00:00Z"))).toISOString()).toBe("2026-11-23T22:00:00.000Z");
    expect(new Date(chicago.next(at("2026-11-23T22:00:00Z"))).toISOString()).toBe("2026-11-24T22:00:00.000Z");
    // 20:30 local on the 23rd is 02:30 UTC on the 24th: the next end is the 24th's, not the 25th's.
    expect(new Date(chicago.next(at("2026-11-24T02:30:00Z"))).toISOString()).toBe("2026-11-24T22:00:00.000Z");
  });

  it("the last end is today's from it on, yesterday's before it", () => {
    expect(new Date(chicago.previous(at("2026-11-23T22:00:00Z"))).toISOString()).toBe("2026-11-23T22:00:00.000Z");
    expect(new Date(chicago.previous(at("2026-11-23T21:59:59Z"))).toISOString()).toBe("2026-11-22T22:00:00.000Z");
  });

  it("follows daylight saving time: 16:00 is 21:00 UTC after the spring change, and that day has 23 hours", () => {
    expect(new Date(chicago.next(at("2026-03-07T23:00:00Z"))).toISOString()).toBe("2026-03-08T21:00:00.000Z");
    const [from, to] = chicago.dayBounds("2026-03-08");
    expect([new Date(from).toISOString(), (to - from) / 3_600_000]).toEqual(["2026-03-08T06:00:00.000Z", 23]);
  });
});
