import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { SUMMARY_START_DELAY_MS } from "../../src/reports/daily-summary.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { bootDemo, demoModel } from "../helpers/demo-site.js";

const PAT = formatBadgeText(encodeBits("h10301", 123, 45678));

describe("reports in the running gateway", () => {
  const cleanups = cleanupsAfterEach();

  it("decides a badge while a report is being built", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const demo = await bootDemo(site.model);
    cleanups.push(demo.stop);
    let answered = false;
    const report = demo.client.request("report", { from: "2026-11-01", to: "2026-11-23", format: "html" }, 60_000).finally(() => (answered = true));
    await demo.client.sim("rdr-main-outer-ext", { badge: PAT });
    const decided = await demo.client.waitForEvent((e) => e.type === "access");
    expect(decided).toMatchObject({ type: "access", result: "granted" });
    // The decision did not wait for the report, which was still being built.
    expect(answered).toBe(false);
    expect(await report).toMatchObject({ status: "ok", data: { format: "html", path: join(site.dir, "reports", "report-2026-11-01_2026-11-23-20261123T150000Z.html") } });
  });

  it("records the missing summary of yesterday as event/report, in the audit log and in reports/", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const demo = await bootDemo(site.model);
    cleanups.push(demo.stop);
    demo.timers.advance(SUMMARY_START_DELAY_MS);
    const event = await demo.client.waitForEvent((e) => e.type === "report", 30_000);
    expect(event).toMatchObject({ type: "report", kind: "daily", date: "2026-11-22", file: "reports/daily-2026-11-22.json" });
    expect(existsSync(join(site.dir, "reports", "daily-2026-11-22.json"))).toBe(true);
    const db = new Database(site.model.storagePath, { readonly: true });
    cleanups.push(() => void db.close());
    expect(db.prepare("SELECT count(*) AS n FROM events WHERE type = 'report'").get()).toEqual({ n: 1 });
  });
});
