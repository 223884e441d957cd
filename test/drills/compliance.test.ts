import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evaluate, type HeldDrill } from "../../src/drills/compliance.js";
import { loadProfile } from "../../src/drills/profile.js";

const profileFile = (name: string) => fileURLToPath(new URL(`../../compliance/${name}.yaml`, import.meta.url));
const illinois = loadProfile(profileFile("illinois"));
const year = { firstDay: Date.UTC(2026, 7, 19), end: Date.UTC(2027, 5, 1) };
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
});
