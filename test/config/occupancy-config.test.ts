import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

describe("the occupancy section", () => {
  const cleanups = cleanupsAfterEach();

  /** The demo configuration with its occupancy section replaced by `yaml`. */
  function demoWith(yaml: string) {
    const dir = tempDir(cleanups, "occupancy-config-");
    cpSync("config/demo", dir, { recursive: true });
    writeFileSync(join(dir, "occupancy.yaml"), yaml);
    return loadSite({ configDir: dir });
  }

  it("compiles the demo's readers and assembly points", () => {
    const loaded = loadSite({ configDir: "config/demo" });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const o = loaded.model.occupancy;
    expect(o?.trackPeople).toBe(true);
    expect([...(o?.entryReaders ?? [])]).toEqual(["rdr-main-outer-ext", "rdr-east-ext", "rdr-gym-ext"]);
    expect(o?.assemblyPoints.map((p) => p.id)).toEqual(["north-field", "church-lot"]);
    expect(o?.presenceMs).toBe(16 * 3_600_000);
  });

  it("tracks no one and has no assembly points without the section", () => {
    const loaded = demoWith("");
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.model.occupancy).toMatchObject({ trackPeople: false, assemblyPoints: [] });
  });

  it("refuses a reader that is not one, a reader both ways and an assembly point twice", () => {
    const loaded = demoWith(
      [
        "occupancy:",
        "  track_people: true",
        "  entry_readers: [rdr-east-ext, dc-east, rdr-nowhere]",
        "  exit_readers: [rdr-east-ext]",
        "  assembly_points: [{ id: field, name: Field }, { id: field, name: Other field }]",
      ].join("\n"),
    );
    expect(loaded.ok).toBe(false);
    expect(loaded.problems.map((p) => [p.path, p.message])).toEqual([
      ["occupancy.entry_readers.1", 'device "dc-east" is a contact, not a reader'],
      ["occupancy.entry_readers.2", expect.stringContaining('no device "rdr-nowhere"')],
      ["occupancy.exit_readers.0", expect.stringContaining("also an entry reader")],
      ["occupancy.assembly_points.1.id", 'duplicate id "field"'],
    ]);
  });
});
