import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ReportEvent } from "../../src/core/report-events.js";
import { dailyFile, DailySummary, SUMMARY_RETRY_MS, SUMMARY_START_DELAY_MS } from "../../src/reports/daily-summary.js";
import { periodOfDays } from "../../src/reports/period.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { ManualTimers } from "../helpers/manual-timers.js";
import { reportRunner } from "../helpers/report-runner.js";

const cleanups = cleanupsAfterEach();

/** A daily summary in Chicago (UTC-5 in September) on a real store of one school day and the real worker. */
function rig(start: string) {
  const timers = new ManualTimers(Date.parse(start));
  const { dir, runner } = reportRunner(cleanups, timers);
  const recorded: ReportEvent[] = [];
  const daily = new DailySummary({ runner, timeZone: "America/Chicago", timers, dir, record: (e) => void recorded.push(e), log: silentLogger() });
  cleanups.push(() => daily.stop());
  return { dir, timers, runner, recorded, daily };
}

const figures = (e: ReportEvent | undefined, section: string) => Object.fromEntries(e?.sections.find((s) => s.id === section)?.figures.map((f) => [f.label, f.value]) ?? []);

describe("the daily summary", () => {
  it("builds the missing yesterday a minute after start, then each day at local midnight", async () => {
    // 15:00 in Chicago on Monday 2025-09-01.
    const { dir, timers, recorded, daily } = rig("2025-09-01T20:00:00Z");
    daily.start();
    timers.advance(SUMMARY_START_DELAY_MS - 1);
    expect(existsSync(join(dir, dailyFile("2025-08-31")))).toBe(false);
    timers.advance(1);
    await expect.poll(() => recorded.length, { timeout: 15_000 }).toBe(1);
    expect(recorded[0]).toMatchObject({ type: "report", kind: "daily", date: "2025-08-31", from: "2025-08-31T05:00:00.000Z", to: "2025-09-01T05:00:00.000Z", file: "reports/daily-2025-08-31.json" });
    expect(figures(recorded[0], "access")).toMatchObject({ Granted: 0, Denied: 0 });

    // Local midnight is 05:00 UTC: nothing a moment before.
    timers.advance(Date.parse("2025-09-02T05:00:00Z") - timers.now() - 1);
    expect(recorded).toHaveLength(1);
    timers.advance(1);
    await expect.poll(() => recorded.length, { timeout: 15_000 }).toBe(2);
    const day = recorded[1];
    expect(day).toMatchObject({ date: "2025-09-01", from: "2025-09-01T05:00:00.000Z", to: "2025-09-02T05:00:00.000Z" });
    expect(figures(day, "access")).toMatchObject({ Granted: 2, Denied: 3 });
    expect(figures(day, "door-alarms")).toMatchObject({ "Forced open": 1, "Held open": 1 });
    expect(day?.sections.map((s) => s.id)).toEqual(["modes", "door-alarms", "access", "screening", "devices", "incidents", "alarm-kpis"]);

    const written = readFileSync(join(dir, dailyFile("2025-09-01")), "utf8");
    expect(JSON.parse(written)).toMatchObject({ site: { id: "lincoln-hs" }, period: { from: day?.from, to: day?.to }, sections: day?.sections });
    expect(written).not.toMatch(/4242|h-1|"main"|"gym"/);
    expect(JSON.stringify(recorded)).not.toMatch(/4242|h-1/);
  });

  it("builds nothing at start when yesterday's file is there", async () => {
    const first = rig("2025-09-02T04:00:00Z");
    first.daily.start();
    first.timers.advance(SUMMARY_START_DELAY_MS);
    await expect.poll(() => first.recorded.length, { timeout: 15_000 }).toBe(1);
    first.daily.stop();
    const again = new DailySummary({ runner: first.runner, timeZone: "America/Chicago", timers: first.timers, dir: first.dir, record: (e) => void first.recorded.push(e), log: silentLogger() });
    cleanups.push(() => again.stop());
    again.start();
    first.timers.advance(SUMMARY_START_DELAY_MS);
    expect(first.runner.busy).toBe(false);
    expect(first.recorded).toHaveLength(1);
  });

  it("waits for a requested report to finish, then tries again", async () => {
    const { timers, runner, recorded, daily } = rig("2025-09-02T05:30:00Z");
    daily.start();
    const asked = runner.run({ kind: "report", period: periodOfDays("2025-09-01", "2025-09-01"), format: "html", file: "report-x.html", inlineMax: 0 });
    timers.advance(60_000);
    expect(runner.busy).toBe(true);
    await asked;
    timers.advance(SUMMARY_RETRY_MS - 1);
    expect(runner.busy).toBe(false);
    timers.advance(1);
    await expect.poll(() => recorded.map((e) => e.date), { timeout: 15_000 }).toEqual(["2025-09-01"]);
  });
});
