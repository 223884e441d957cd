import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/reports/build.js";
import { periodOfDays } from "../../src/reports/period.js";
import { renderHtml } from "../../src/reports/render-html.js";
import { REPORT_SECTIONS } from "../../src/reports/sections.js";
import { chromiumForFile, watchedPage } from "../helpers/chromium.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { alarmDay, seedAlarms } from "../helpers/report-alarms.js";
import { reportStore, schoolDay } from "../helpers/report-store.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Screenshots kept for a person to look at (ignored by git). */
const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts/reports");

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();

function dayHtml(): string {
  const { db, add } = reportStore(cleanups);
  schoolDay(add);
  seedAlarms(db, add, alarmDay());
  const report = buildReport({ db, site: { id: "lincoln-hs", name: "Lincoln High" }, period: periodOfDays("2025-09-01", "2025-09-01"), now: Date.UTC(2025, 8, 2), sections: REPORT_SECTIONS });
  return renderHtml(report);
}

describe("the HTML report in Chromium", () => {
  it.each([
    ["phone", 375, 740],
    ["desk", 1280, 900],
  ])("reads at %s width without errors, network or horizontal scroll", async (name, width, height) => {
    const file = join(tempDir(cleanups, "gatehouse-report-html-"), "report.html");
    writeFileSync(file, dayHtml());
    const { page, errors, requests } = await watchedPage(browser(), cleanups, { viewport: { width, height } });
    await page.goto(`file://${file}`);
    expect(errors).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    expect(await page.locator("h1").textContent()).toBe("Lincoln High: security report");
    expect(await page.locator("svg.chart").count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator("table").count()).toBeGreaterThanOrEqual(5);
    const widths = await page.evaluate<number[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
    expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
    // Every chart fits the screen.
    const chartRight = await page.locator("svg.chart").evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
    expect(chartRight).toBeLessThanOrEqual(width);
    await expect(page.locator(".headlines li").first().textContent()).resolves.toContain("drill");
    // Alarm performance: each figure with its target beside it, the priorities charted, all on screen.
    const kpis = page.locator("section#alarm-kpis");
    await expect(kpis.locator("h2").textContent()).resolves.toBe("Alarm performance (ISA-18.2)");
    const peak = kpis.locator(".figure", { hasText: "Alarms per 10 min (peak)" });
    await expect(peak.locator("b").textContent()).resolves.toBe("12");
    await expect(peak.locator(".target").textContent()).resolves.toBe("target ≤ 10");
    const boxes = await peak.evaluate((el) => [el.querySelector("b")?.getBoundingClientRect(), el.querySelector(".target")?.getBoundingClientRect()].map((r) => [r?.left ?? -1, r?.right ?? -1, r?.height ?? 0]));
    for (const [left, right, height] of boxes) {
      expect(left).toBeGreaterThanOrEqual(0);
      expect(right).toBeLessThanOrEqual(width);
      expect(height).toBeGreaterThan(0);
    }
    expect(await kpis.locator(".figure .target").count()).toBe(7);
    await expect(kpis.locator("svg.chart title").allTextContents()).resolves.toContain("acknowledged: 34");
    await expect(kpis.locator("table").first().textContent()).resolves.toContain("Time in flood %");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `report-${name}.png`), fullPage: true });
  });
});
