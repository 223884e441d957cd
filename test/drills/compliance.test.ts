import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evaluate, type HeldDrill } from "../../src/drills/compliance.js";
import { loadProfile } from "../../src/drills/profile.js";
import { schoolYear } from "../../src/drills/school-year.js";

const profileFile = (name: string) => fileURLToPath(new URL(`../../compliance/${name}.yaml`, import.meta.url));
const illinois = loadProfile(profileFile("illinois"));
const year = schoolYear("2026-08-19", "2027-05-31", "UTC");
const day = (m: number, d: number, y = 2026) => Date.UTC(y, m - 1, d);
const status = (drills: HeldDrill[], now: number, id: string) =>
  evaluate(illinois, year, drills, now).find((s) => s.id === id);

describe("drill compliance", () => {
  it("loads both shipped state profiles", () => {
    expect(illinois.requirements.map((r) => r.id)).toContain("law_enforcement");
    expect(loadProfile(profileFile("michigan")).requirements.find((r) => r.id === "fire")?.count).toBe(5);
  });

  it("moves a requirement from due to done once enough drills are held", () => {
    const drill: HeldDrill = { type: "evacuation", startedAt: day(9, 1), participants: [] };
    expect(status([drill], day(9, 2), "evacuation")).toMatchObject({ status: "due", held: 1, count: 3 });
    expect(status([drill, drill, drill], day(9, 2), "evacuation")).toMatchObject({ status: "done", held: 3 });
    expect(status([drill], day(9, 2), "evacuation_fire_department")?.status).toBe("due");
    const withFd = { ...drill, participants: ["fire_department" as const] };
    expect(status([withFd], day(9, 2), "evacuation_fire_department")?.status).toBe("done");
  });

  it("makes the law-enforcement drill overdue 90 days after the first day of school", () => {
    const deadline = year.firstDay + 90 * 86_400_000;
    expect(status([], deadline - 1, "law_enforcement")).toMatchObject({ status: "due", deadline });
    expect(status([], deadline, "law_enforcement")?.status).toBe("overdue");
    const late: HeldDrill = { type: "law_enforcement", startedAt: deadline + 1, participants: ["law_enforcement"] };
    expect(status([late], deadline + 2, "law_enforcement")?.status).toBe("overdue");
  });

  it("ends a deadline with the site's local day, across the end of daylight saving time", () => {
    // Chicago: first day 25 August (CDT, UTC-5); 90 days later is 23 November (CST, UTC-6).
    const chicago = schoolYear("2026-08-25", "2027-06-01", "America/Chicago");
    const law = (drills: HeldDrill[], now: number) => evaluate(illinois, chicago, drills, now).find((s) => s.id === "law_enforcement");
    const midnight = Date.parse("2026-11-23T06:00:00Z");
    expect(law([], midnight - 1)).toMatchObject({ status: "due", deadline: midnight });
    // 18:00 on 22 November in Chicago is 00:00 UTC: still the 22nd there.
    expect(law([], Date.parse("2026-11-23T00:00:00Z"))?.status).toBe("due");
    expect(law([], midnight)?.status).toBe("overdue");
    // A drill at 21:00 local on the 22nd counts; one on the evening before the first day does not.
    const officer = (startedAt: number): HeldDrill => ({ type: "law_enforcement", startedAt, participants: ["law_enforcement"] });
    expect(law([officer(Date.parse("2026-11-23T03:00:00Z"))], midnight)).toMatchObject({ status: "done", held: 1 });
    expect(law([officer(Date.parse("2026-08-25T03:00:00Z"))], midnight)).toMatchObject({ status: "overdue", held: 0 });
    expect(law([officer(midnight)], midnight)).toMatchObject({ status: "overdue", held: 0 });
  });
});
