import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/reports/build.js";
import { periodOfDays } from "../../src/reports/period.js";
import { renderHtml } from "../../src/reports/render-html.js";
import { chromiumForFile, watchedPage } from "../helpers/chromium.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { reportStore, schoolDay } from "../helpers/report-store.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Screenshots kept for a person to look at (ignored by git). */
const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts/reports");

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();

function dayHtml(): string {
  const { db, add } = reportStore(cleanups);
  schoolDay(add);
  const report = buildReport({ db, site: { id: "lincoln-hs", name: "Lincoln High" }, period: periodOfDays("2025-09-01", "2025-09-01"), now: Date.UTC(2025, 8, 2) });
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
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `report-${name}.png`), fullPage: true });
  });
});
