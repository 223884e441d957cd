import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import type { Report } from "../../src/reports/model.js";
import { openDatabase } from "../../src/store/database.js";
import { EventLog } from "../../src/store/event-log.js";
import { runReport } from "../../src/tools/report.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { schoolDay } from "../helpers/report-store.js";
import { tempDir } from "../helpers/temp-dir.js";

const cleanups = cleanupsAfterEach();

function io(): { out: string[]; err: string[]; io: Parameters<typeof runReport>[1] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { write: (d) => void out.push(String(d)), error: (t) => void err.push(t), stdin: () => Buffer.alloc(0) } };
}

/** The demo site with its store in a temp data directory, holding one school day. */
function demoWithDay(): string {
  const dataDir = tempDir(cleanups, "gatehouse-report-cli-");
  const loaded = loadSite({ configDir: "config/demo", dataDir });
  if (!loaded.ok) throw new Error("demo config invalid");
  const db = openDatabase(loaded.model.storagePath, silentLogger());
  const log = new EventLog(db);
  schoolDay((iso, ...bodies) => void log.append(bodies, Date.parse(iso)));
  db.close();
  return dataDir;
}

describe("gatehouse report", () => {
  it("writes the report of the site's store as JSON", async () => {
    const dataDir = demoWithDay();
    const t = io();
    const args = ["--config", "config/demo", "--data-dir", dataDir, "--from", "2025-09-01", "--to", "2025-09-01", "--format", "json"];
    expect(await runReport(args, t.io, () => Date.UTC(2025, 8, 2))).toBe(0);
    const report = JSON.parse(t.out.join("")) as Report;
    expect(report.period).toEqual({ from: "2025-09-01T00:00:00.000Z", to: "2025-09-02T00:00:00.000Z" });
    expect(report.sections.find((s) => s.id === "access")?.figures[1]).toEqual({ label: "Denied", value: 3 });
  });

  it("writes CSV and HTML to a file", async () => {
    const dataDir = demoWithDay();
    const out = join(dataDir, "report.csv");
    const base = ["--config", "config/demo", "--data-dir", dataDir, "--from", "2025-09-01", "--to", "2025-09-01"];
    expect(await runReport([...base, "--format", "csv", "--out", out], io().io)).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("access,Denials by reason,expired,denied,2\n");
    const html = join(dataDir, "report.html");
    expect(await runReport([...base, "--out", html], io().io)).toBe(0);
    expect(readFileSync(html, "utf8")).toMatch(/^<!doctype html>/);
  });

  it("refuses a data directory without an audit log instead of making an empty one", async () => {
    const empty = tempDir(cleanups, "gatehouse-report-none-");
    const t = io();
    expect(await runReport(["--config", "config/demo", "--data-dir", empty, "--from", "2025-09-01", "--to", "2025-09-01"], t.io)).toBe(1);
    expect(t.err.join("")).toContain(`no audit log at ${join(empty, "gatehouse.db")}`);
    expect(existsSync(join(empty, "gatehouse.db"))).toBe(false);
  });

  it("refuses a missing option, an unknown format and a bad date with usage", async () => {
    for (const args of [
      ["--config", "config/demo", "--from", "2025-09-01"],
      ["--config", "config/demo", "--from", "2025-09-01", "--to", "2025-09-02", "--format", "pdf"],
      ["--config", "config/demo", "--from", "2025-13-01", "--to", "2025-09-02"],
    ]) {
      const t = io();
      expect(await runReport(args, t.io)).toBe(2);
      expect(t.err.join("")).toContain("usage: gatehouse report");
    }
  });
});
