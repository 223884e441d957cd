import { describe, expect, it } from "vitest";
import { DrillsSchema } from "../../src/config/schema-drills.js";

describe("drills config section", () => {
  it("accepts a profile and school years", () => {
    const parsed = DrillsSchema.parse({
      profile: "illinois",
      school_years: { "2026-27": { first_day: "2026-08-19", last_day: "2027-06-01" } },
    });
    expect(parsed.school_years["2026-27"]?.first_day).toBe("2026-08-19");
  });

  it("rejects a malformed school year or date", () => {
    expect(() => DrillsSchema.parse({ profile: "illinois", school_years: { "2026": { first_day: "2026-08-19", last_day: "2027-06-01" } } })).toThrow();
    expect(() => DrillsSchema.parse({ profile: "illinois", school_years: { "2026-27": { first_day: "19/08/2026", last_day: "2027-06-01" } } })).toThrow();
  });
});
