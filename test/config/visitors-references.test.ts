import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

/** The demo site with its `visitors` section replaced by `yaml`. */
function demoWithVisitors(dir: string, yaml: string): string {
  cpSync("config/demo", dir, { recursive: true });
  writeFileSync(join(dir, "visitors.yaml"), yaml);
  return dir;
}

describe("the visitors section's references", () => {
  const cleanups = cleanupsAfterEach();

  it("names a destination's unknown door and door group, and a pool card's repeated label", () => {
    const yaml = [
      "visitors:",
      "  destinations:",
      "    library: { name: Library, doors: [main-inner, librari], door_groups: [interior, upstairs] }",
      "  pass_cards:",
      "    - { label: V-01, format: h10301, facility: 200, number: 1 }",
      "    - { label: V-01, format: h10301, facility: 200, number: 2 }",
      "",
    ].join("\n");
    const loaded = loadSite({ configDir: demoWithVisitors(tempDir(cleanups, "gatehouse-visitors-"), yaml) });
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems.map((p) => [p.path, p.message]);
    expect(problems).toEqual([
      ["visitors.destinations.library.doors.1", expect.stringMatching(/no door "librari".*library/)],
      ["visitors.destinations.library.door_groups.1", 'no door is in group "upstairs"'],
      ["visitors.pass_cards.1.label", 'duplicate label "V-01"'],
    ]);
  });

  it("takes the demo's destinations as they are", () => {
    expect(loadSite({ configDir: "config/demo" }).ok).toBe(true);
  });
});
