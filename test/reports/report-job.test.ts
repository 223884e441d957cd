import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { periodOfDays } from "../../src/reports/period.js";
import { KEPT_REPORTS, runReportJob } from "../../src/reports/report-job.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { ManualTimers } from "../helpers/manual-timers.js";
import { reportRunner } from "../helpers/report-runner.js";

const cleanups = cleanupsAfterEach();
const period = periodOfDays("2025-09-01", "2025-09-01");

/** The job runs here, on the test's thread: the runner's worker is never started. */
const rig = () => reportRunner(cleanups, new ManualTimers());

describe("runReportJob", () => {
  it("keeps the newest requested reports and every daily summary", () => {
    const { db, setup } = rig();
    runReportJob(db, setup, { kind: "summary", period, file: "daily-2025-09-01.json" }, Date.UTC(2025, 8, 2));
    for (let i = 1; i <= KEPT_REPORTS + 2; i++) {
      runReportJob(db, setup, { kind: "report", period, format: "csv", file: `report-${String(i).padStart(2, "0")}.csv`, inlineMax: 0 }, Date.UTC(2025, 8, 2));
    }
    const left = readdirSync(setup.dir).sort();
    expect(left).toHaveLength(KEPT_REPORTS + 1);
    expect(left).toContain("daily-2025-09-01.json");
    expect(left).not.toContain("report-01.csv");
    expect(left).not.toContain("report-02.csv");
    expect(left).toContain(`report-${KEPT_REPORTS + 2}.csv`);
  });

  it("gives the text back only up to the inline limit, and writes it whole either way", () => {
    const { db, setup } = rig();
    const small = runReportJob(db, setup, { kind: "report", period, format: "csv", file: "report-a.csv", inlineMax: 1_000_000 }, 0);
    expect("content" in small && small.content).toBe(readFileSync(join(setup.dir, "report-a.csv"), "utf8"));
    const large = runReportJob(db, setup, { kind: "report", period, format: "html", file: "report-b.html", inlineMax: 100 }, 0);
    expect(large).toEqual({ path: join(setup.dir, "report-b.html"), bytes: readFileSync(join(setup.dir, "report-b.html")).length });
  });
});
