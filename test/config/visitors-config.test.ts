import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { credentialKey } from "../../src/core/badge.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { loaded, problemsOf } from "../helpers/load-result.js";
import { VISITORS_YAML, visitorDemoDir } from "../helpers/visitor-site.js";

describe("the visitors section", () => {
  const cleanups = cleanupsAfterEach();

  it("compiles destinations to door lists with their door groups expanded, and the pool to credential keys", () => {
    const model = loaded(loadSite({ configDir: visitorDemoDir(cleanups) }));
    expect(model.visitors?.destinations.get("office")).toEqual({ name: "Main office", doors: ["main-inner", "office"] });
    expect(model.visitors?.destinations.get("library")?.doors).toEqual(["main-inner", "library"]);
    expect(model.visitors?.passCards).toEqual([
      { label: "V-01", key: credentialKey("h10301", 200, 1) },
      { label: "V-02", key: credentialKey("h10301", 200, 2) },
    ]);
    expect(model.visitors?.schoolDayEnd).toBe("16:00");
  });

  it("keeps a scanned ID's prefill 3 minutes by default, as long as the site says within 1 to 60", () => {
    expect(loaded(loadSite({ configDir: visitorDemoDir(cleanups) })).visitors?.deskScanKeepMinutes).toBe(3);
    const withKeep = (minutes: number) => visitorDemoDir(cleanups, VISITORS_YAML.replace("  school_day_end", `  desk_scan_keep_minutes: ${minutes}\n  school_day_end`));
    expect(loaded(loadSite({ configDir: withKeep(10) })).visitors?.deskScanKeepMinutes).toBe(10);
    expect(problemsOf(loadSite({ configDir: withKeep(0) })).map((p) => p.path)).toEqual(["visitors.desk_scan_keep_minutes"]);
    expect(problemsOf(loadSite({ configDir: withKeep(61) })).map((p) => p.path)).toEqual(["visitors.desk_scan_keep_minutes"]);
  });

  it("leaves the front desk out when the site has no visitors section", () => {
    const dir = visitorDemoDir(cleanups);
    rmSync(join(dir, "visitors.yaml"));
    expect(loaded(loadSite({ configDir: dir })).visitors).toBeNull();
  });

  it("points at unknown doors and door groups with the closest name", () => {
    const yaml = VISITORS_YAML.replace("doors: [main-inner, library]", "doors: [main-inner, librry]").replace("door_groups: [office]", "door_groups: [ofice]");
    const dir = visitorDemoDir(cleanups, yaml);
    const problems = problemsOf(loadSite({ configDir: dir }));
    expect(problems.map((p) => [p.file, p.line, p.path, p.message])).toEqual([
      [join(dir, "visitors.yaml"), 6, "visitors.destinations.office.door_groups.0", 'no door is in group "ofice" (did you mean "office"?)'],
      [join(dir, "visitors.yaml"), 9, "visitors.destinations.library.doors.1", 'no door "librry" (did you mean "library"?)'],
    ]);
  });

  it("refuses a label twice, a card twice and a destination that opens nothing", () => {
    const yaml = VISITORS_YAML.replace("V-02, format: h10301, facility: 200, number: 2", "V-01, format: h10301, facility: 200, number: 1")
      .replace("  school_day_end", "    hall:\n      name: Hall\n  school_day_end");
    const problems = problemsOf(loadSite({ configDir: visitorDemoDir(cleanups, yaml) }));
    expect(problems.map((p) => [p.line, p.path, p.message])).toEqual([
      [10, "visitors.destinations.hall", 'destination "hall" opens no door; give it doors or door_groups'],
      [15, "visitors.pass_cards.1.label", 'duplicate label "V-01"'],
      [15, "visitors.pass_cards.1.number", 'card "V-01" is already this card'],
    ]);
  });

  it("refuses a pool card that is also a cardholder's badge, at the cardholder's badge", () => {
    const yaml = VISITORS_YAML.replace("facility: 200, number: 2", "facility: 123, number: 1200");
    const dir = visitorDemoDir(cleanups, yaml);
    const problems = problemsOf(loadSite({ configDir: dir }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: join(dir, "people.yaml"), message: 'badge is visitor card "V-02" of visitors.pass_cards' });
    expect(problems[0]?.path).toMatch(/^cardholders\.\d+\.badges\.0$/);
  });
});
