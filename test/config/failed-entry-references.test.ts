import { describe, expect, it } from "vitest";
import { loadSite, type LoadResult } from "../../src/config/load-site.js";
import { formatProblem } from "../../src/source/problems.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { siteDir } from "../helpers/site-dir.js";

const cleanups = cleanupsAfterEach();

const DEVICES = `
devices:
  - { id: rdr-front, model: sim/badge-reader }
  - { id: dc-front, model: sim/door-contact }
  - { id: rdr-broken, model: sim/badge-reader, nmae: Side }
`;

/** `file:line:col: path: message` with the file relative to the config dir. */
function lines(dir: string, result: LoadResult): string[] {
  if (result.ok) throw new Error("expected problems, the config loaded");
  return result.problems.map((p) => formatProblem({ ...p, file: p.file.slice(dir.length + 1) }));
}

describe("an entry that fails its schema still has its references checked", () => {
  it("regression: a door naming an unknown reader was reported only once its own schema mistake was fixed", () => {
    const doors = `doors:
  - { id: front, name: Front, strike_ms: 1, readers: [rdr-frnt], contact: dc-front }
  - { id: side, name: Side, readers: [rdr-front] }
`;
    const dir = siteDir(cleanups, "", { "devices.yaml": DEVICES, "doors.yaml": doors });
    expect(lines(dir, loadSite({ configDir: dir }))).toEqual([
      'devices.yaml:5:48: devices.2.nmae: unknown key (did you mean "name"?)',
      "doors.yaml:2:31: doors.0.strike_ms: Too small: expected number to be >=500, got 1",
      'doors.yaml:2:55: doors.0.readers.0: no device "rdr-frnt" (did you mean "rdr-front"?)',
    ]);
  });

  it("a failed door's device is still one door's only, and a reference to a failed device is no new mistake", () => {
    const doors = `doors:
  - { id: front, name: Front, readers: [rdr-front] }
  - { id: side, strike_ms: 1, readers: [rdr-front], contact: rdr-broken }
`;
    const dir = siteDir(cleanups, "", { "devices.yaml": DEVICES, "doors.yaml": doors });
    expect(lines(dir, loadSite({ configDir: dir }))).toEqual([
      'devices.yaml:5:48: devices.2.nmae: unknown key (did you mean "name"?)',
      "doors.yaml:3:5: doors.1.name: required (expected string)",
      "doors.yaml:3:17: doors.1.strike_ms: Too small: expected number to be >=500, got 1",
      'doors.yaml:3:41: doors.1.readers.0: device "rdr-front" already serves door "front"',
    ]);
  });

  it("an access group that fails its schema still names only doors, door groups and schedules that exist", () => {
    const doors = "doors:\n  - { id: front, name: Front, groups: [entry], readers: [rdr-front] }\n";
    const groups = `access_groups:
  - { id: staff, name: 7, doors: [frnt], door_groups: [entri], schedule: school-day }
`;
    const dir = siteDir(cleanups, "", { "devices.yaml": DEVICES, "doors.yaml": doors, "groups.yaml": groups });
    expect(lines(dir, loadSite({ configDir: dir }))).toEqual([
      'devices.yaml:5:48: devices.2.nmae: unknown key (did you mean "name"?)',
      "groups.yaml:2:18: access_groups.0.name: expected string, received number 7",
      'groups.yaml:2:35: access_groups.0.doors.0: no door "frnt" (did you mean "front"?)',
      'groups.yaml:2:56: access_groups.0.door_groups.0: no door is in group "entri" (did you mean "entry"?)',
      'groups.yaml:2:64: access_groups.0.schedule: no schedule "school-day"',
    ]);
  });

  it("regression: a misspelt door of a visitor destination was hidden by a bad school_day_end", () => {
    const doors = "doors:\n  - { id: front, name: Front, readers: [rdr-front] }\n";
    const visitors = `visitors:
  destinations:
    office: { name: Office, doors: [frnt] }
  school_day_end: "4:00 pm"
`;
    const dir = siteDir(cleanups, "", { "devices.yaml": DEVICES, "doors.yaml": doors, "visitors.yaml": visitors });
    expect(lines(dir, loadSite({ configDir: dir }))).toEqual([
      'devices.yaml:5:48: devices.2.nmae: unknown key (did you mean "name"?)',
      'visitors.yaml:3:37: visitors.destinations.office.doors.0: no door "frnt" (did you mean "front"?)',
      'visitors.yaml:4:3: visitors.school_day_end: a time like 15:30, got "4:00 pm"',
    ]);
  });
});
