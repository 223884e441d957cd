import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DrillsStatePayload } from "../../src/bus/drill-payloads.js";
import { loadSite } from "../../src/config/load-site.js";
import { DrillStore } from "../../src/drills/drill-store.js";
import { openDatabase } from "../../src/store/database.js";
import { runDrills } from "../../src/tools/drills.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const cleanups = cleanupsAfterEach();

const DRILLS_SECTION = `
drills:
  profile: illinois
  school_years:
    "2026-27": { first_day: "2026-08-19", last_day: "2027-06-01" }
`;

/** 1 December 2026: the law-enforcement drill was due by the end of 16 November in Chicago, the demo's zone. */
const NOW = Date.UTC(2026, 11, 1);

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { write: (d: string | Uint8Array) => void out.push(String(d)), error: (t: string) => void err.push(t), stdin: () => Buffer.alloc(0) } };
}

/** A copy of the demo site, with `drills` (its own section replaced) or without any. */
function demoCopy(drills: string | null): string {
  const config = tempDir(cleanups, "gatehouse-drills-config-");
  cpSync("config/demo", config, { recursive: true });
  if (drills === null) rmSync(join(config, "drills.yaml"));
  else writeFileSync(join(config, "drills.yaml"), drills);
  return config;
}

/** The demo site with a `drills` section, its store in a temp data directory holding three drills. */
function seeded(): { config: string; dataDir: string; lockdown: number } {
  const config = demoCopy(DRILLS_SECTION);
  const dataDir = tempDir(cleanups, "gatehouse-drills-data-");
  const loaded = loadSite({ configDir: config, dataDir });
  if (!loaded.ok) throw new Error(`config invalid: ${JSON.stringify(loaded.problems)}`);
  const db = openDatabase(loaded.model.storagePath, silentLogger());
  const store = new DrillStore(db);
  const at = (iso: string) => Date.parse(iso);
  const fire = store.start("evacuation", at("2026-10-06T14:00:00Z"), "officer1");
  store.note(fire, ["fire_department"], "");
  store.end(fire, at("2026-10-06T14:09:30Z"), "officer1");
  store.end(store.start("evacuation", at("2026-10-20T14:00:00Z"), "officer1"), at("2026-10-20T14:08:00Z"), "officer1");
  const lockdown = store.start("lockdown", at("2026-11-20T15:00:00Z"), "officer1");
  store.note(lockdown, [], "Gym door propped open with a chair, custodian told.");
  store.end(lockdown, at("2026-11-20T15:06:00Z"), "admin", { mode: "lockdown", secure_ms: null, unsecured: [{ door: "gym", missing: ["contact"] }], lock_only: [] });
  db.close();
  return { config, dataDir, lockdown };
}

describe("gatehouse drills", () => {
  it("prints the year's requirements: overdue first, then due with the last day, then done", async () => {
    const { config, dataDir } = seeded();
    const t = io();
    expect(await runDrills(["--config", config, "--data-dir", dataDir, "--year", "2026-27"], t.io, () => NOW)).toBe(0);
    const lines = t.out.join("").split("\n");
    expect(lines[0]).toBe("Lincoln Elementary School: Illinois School Safety Drill Act, school year 2026-27");
    expect(lines[1]).toBe("1 done, 4 due, 1 overdue");
    expect(lines[2]).toMatch(/^overdue +law_enforcement +0\/1 +by 2026-11-16$/);
    expect(lines).toContainEqual(expect.stringMatching(/^due +evacuation +2\/3 +by 2027-06-01$/));
    expect(lines.at(-2)).toMatch(/^done +evacuation_fire_department +1\/1 +by 2027-06-01$/);
  });

  it("answers the same as JSON in the wire's shape", async () => {
    const { config, dataDir } = seeded();
    const t = io();
    expect(await runDrills(["--config", config, "--data-dir", dataDir, "--format", "json"], t.io, () => NOW)).toBe(0);
    const state = JSON.parse(t.out.join("")) as DrillsStatePayload;
    expect(state).toMatchObject({ profile: "IL", year: "2026-27", done: 1, due: 4, overdue: 1 });
    expect(state.requirements.find((r) => r.id === "evacuation")).toMatchObject({ held: 2, count: 3, status: "due", deadline: "2027-06-02T05:00:00.000Z" });
  });

  it("exports a drill in the fields of the state's drill form, as CSV and as HTML", async () => {
    const { config, dataDir, lockdown } = seeded();
    const csv = io();
    expect(await runDrills(["--config", config, "--data-dir", dataDir, "--export", String(lockdown), "--format", "csv"], csv.io)).toBe(0);
    const rows = csv.out.join("").trimEnd().split("\n");
    expect(rows).toEqual([
      "field,value",
      "School,Lincoln Elementary School",
      "Date of drill,2026-11-20",
      "Time started,09:00:00",
      "Time ended,09:06:00",
      "Duration,6 min 0 s",
      "Type of drill,lockdown",
      "Local fire department present,no",
      "Law enforcement present,no",
      "Time to secure (lockdown),not all doors secured",
      "Doors not secured,gym (contact)",
      "Drill started by,officer1",
      "Drill ended by,admin",
      "Observations and deficiencies,\"Gym door propped open with a chair, custodian told.\"",
      "Signature: School official,",
      "Signature: First responder representative,",
    ]);
    const out = join(tempDir(cleanups, "gatehouse-drills-out-"), "drill.html");
    expect(await runDrills(["--config", config, "--data-dir", dataDir, "--export", String(lockdown), "--out", out], io().io)).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("<h1>School Safety Drill Act — drill documentation</h1>");
    expect(html).toContain("<tr><th>Doors not secured</th><td>gym (contact)</td></tr>");
    expect(html).toContain('<p class="sign">First responder representative: <span></span>');
  });

  it("counts the demo school's own year against Illinois' act", async () => {
    const dataDir = tempDir(cleanups, "gatehouse-drills-demo-");
    const loaded = loadSite({ configDir: "config/demo", dataDir });
    if (!loaded.ok) throw new Error(`config invalid: ${JSON.stringify(loaded.problems)}`);
    openDatabase(loaded.model.storagePath, silentLogger()).close();
    const t = io();
    expect(await runDrills(["--config", "config/demo", "--data-dir", dataDir], t.io, () => NOW)).toBe(0);
    const lines = t.out.join("").split("\n");
    expect(lines.slice(0, 2)).toEqual(["Lincoln Elementary School: Illinois School Safety Drill Act, school year 2026-27", "0 done, 5 due, 1 overdue"]);
  });

  it("refuses a site without a drills section and an unknown drill", async () => {
    const { config, dataDir } = seeded();
    const none = io();
    expect(await runDrills(["--config", demoCopy(null), "--data-dir", dataDir], none.io)).toBe(1);
    expect(none.err.join("")).toContain("no drills section");
    const missing = io();
    expect(await runDrills(["--config", config, "--data-dir", dataDir, "--export", "99", "--format", "csv"], missing.io)).toBe(1);
    expect(missing.err.join("")).toContain("no drill 99");
    expect(await runDrills(["--config", config, "--export", "x"], io().io)).toBe(2);
  });

  it("refuses a data directory without an audit log instead of making an empty one", async () => {
    const { config } = seeded();
    const empty = tempDir(cleanups, "gatehouse-drills-none-");
    const t = io();
    expect(await runDrills(["--config", config, "--data-dir", empty], t.io)).toBe(1);
    expect(t.err.join("")).toContain(`no audit log at ${join(empty, "gatehouse.db")}; name the gateway's data directory with --data-dir`);
    expect(existsSync(join(empty, "gatehouse.db"))).toBe(false);
  });
});
