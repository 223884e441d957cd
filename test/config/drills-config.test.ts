import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { DrillsSchema } from "../../src/config/schema-drills.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { siteDir } from "../helpers/site-dir.js";

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

describe("drills section against the shipped profiles", () => {
  const cleanups = cleanupsAfterEach();
  const load = (drills: string) => loadSite({ configDir: siteDir(cleanups, drills) });

  it("compiles a known profile and its school years into the runtime model, in the site's days", () => {
    const loaded = load('drills:\n  profile: illinois\n  school_years:\n    "2026-27": { first_day: "2026-08-19", last_day: "2027-06-01" }\n');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.model.drills?.profile.state).toBe("IL");
    // The site is in Chicago (CDT, UTC-5): its days begin at 05:00 UTC.
    expect(loaded.model.drills?.years).toEqual([
      { name: "2026-27", firstDate: "2026-08-19", timeZone: "America/Chicago", firstDay: Date.parse("2026-08-19T05:00:00Z"), end: Date.parse("2027-06-02T05:00:00Z") },
    ]);
  });

  it("reports an unknown profile with a suggestion, and a year that ends before it starts", () => {
    const loaded = load('drills:\n  profile: ilinois\n  school_years:\n    "2026-27": { first_day: "2026-08-19", last_day: "2026-06-01" }\n');
    expect(loaded.ok).toBe(false);
    const messages = loaded.ok ? [] : loaded.problems.map((p) => p.message);
    expect(messages).toContainEqual(expect.stringContaining('no drill profile "ilinois"'));
    expect(messages).toContainEqual(expect.stringMatching(/; the profiles are .*illinois.*michigan/));
    expect(messages.join("\n")).toContain("illinois");
    expect(messages).toContainEqual(expect.stringContaining("ends (2026-06-01) before it starts"));
  });
});
