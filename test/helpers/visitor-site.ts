import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Cleanups } from "./cleanups.js";
import { tempDir } from "./temp-dir.js";

/**
 * The demo's front desk: the office (its inner door named, the office door by group) and the library,
 * and two visitor cards. Line numbers matter to the tests that point at a field.
 */
export const VISITORS_YAML = `visitors:
  destinations:
    office:
      name: Main office
      doors: [main-inner]
      door_groups: [office]
    library:
      name: Library
      doors: [main-inner, library]
  school_day_end: "16:00"
  pass_cards:
    - { label: V-01, format: h10301, facility: 200, number: 1 }
    - { label: V-02, format: h10301, facility: 200, number: 2 }
`;

/** A copy of the demo configuration in a temp dir with `visitors.yaml` holding `yaml`. */
export function visitorDemoDir(cleanups: Cleanups, yaml = VISITORS_YAML): string {
  const dir = tempDir(cleanups, "gatehouse-visitors-");
  cpSync("config/demo", dir, { recursive: true });
  writeFileSync(join(dir, "visitors.yaml"), yaml);
  return dir;
}
