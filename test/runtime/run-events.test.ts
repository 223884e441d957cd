import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoModel } from "../helpers/demo-site.js";

const cleanups = cleanupsAfterEach();

/** The gateway events of a store, in order, as `action version hash`. */
function runEvents(path: string): { seq: number; action: string; version: string; config_hash: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare("SELECT seq, body FROM events WHERE type = 'gateway' ORDER BY seq").all() as { seq: number; body: string }[];
    return rows.map((r) => ({ seq: r.seq, ...(JSON.parse(r.body) as { action: string; version: string; config_hash: string }) }));
  } finally {
    db.close();
  }
}

describe("the audit log records each run of the gateway", () => {
  it("regression: a start and a clean stop left no trace in the log, so a gap read like a quiet day", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const first = await bootDemo(site.model);
    await first.stop();
    const second = await bootDemo(site.model);
    await second.stop();
    const runs = runEvents(site.model.storagePath);
    expect(runs.map((r) => r.action)).toEqual(["started", "stopping", "started", "stopping"]);
    for (const r of runs) expect(r).toMatchObject({ config_hash: site.model.configHash, version: expect.any(String) });
    // Started once every part serves: after the devices' own start-up events; stopping is the last event.
    const db = new Database(site.model.storagePath, { readonly: true });
    const last = db.prepare("SELECT MAX(seq) AS seq FROM events").get() as { seq: number };
    db.close();
    expect(runs[3]?.seq).toBe(last.seq);
  });
});
