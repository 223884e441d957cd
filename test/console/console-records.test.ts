import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { CONSOLE_USERS, consoleDemo, keepScreenshot, loggedIn, sendFromPage, seriousViolations } from "../helpers/console-site.js";
import { chromiumForFile } from "../helpers/chromium.js";

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();

describe("the console's incident and report pages", { timeout: 180_000 }, () => {
  it("lets an officer open an incident, add a note and close it, with its history shown", async () => {
    const site = await consoleDemo(cleanups);
    const { page, errors } = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer);
    await page.getByRole("link", { name: "Incidents" }).click();
    await page.getByText("No incident recorded.").waitFor();
    await page.getByLabel("Kind").selectOption("vandalism");
    await page.getByLabel("Place").fill("restroom-2");
    await page.getByLabel("Narrative").fill("Mirror broken, reported by a custodian.");
    await page.getByRole("button", { name: "Open incident" }).click();
    await page.getByRole("status").getByText("Incident opened.").waitFor();
    const record = page.locator("section.record");
    expect(await record.locator("h2").textContent()).toBe("vandalism at restroom-2 open");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Note", { exact: true }).fill("Custodian replaced the mirror.");
    await page.getByRole("button", { name: "Close incident" }).click();
    await page.getByRole("status").getByText("Incident closed.").waitFor();
    await record.locator(".status--closed").waitFor();
    expect(await record.locator(".history li").allTextContents()).toEqual([
      expect.stringMatching(/: opened by officer$/),
      expect.stringMatching(/: closed by officer — Custodian replaced the mirror\.$/),
    ]);
    await page.locator(".incidents .status--closed").waitFor();
    const id = await record.getAttribute("data-incident");
    const stored = await site.client.request("incident", { action: "get", incident: id });
    expect(stored).toMatchObject({ status: "ok", data: { incident: { status: "closed", closed_by: "officer", kind: "vandalism" } } });
    await keepScreenshot(page, "incident-closed-phone");
    // Reopening asks for a reason.
    await page.getByLabel("Reason to reopen").fill("The mirror broke again.");
    await page.getByRole("button", { name: "Reopen" }).click();
    await record.locator(".status--open").waitFor();
    expect(errors).toEqual([]);
  });

  it("shows an HTML report in a sandboxed frame from the answer, and offers it for download", async () => {
    const site = await consoleDemo(cleanups);
    const { page, errors } = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer, { width: 1280, height: 900 });
    await page.getByRole("link", { name: "Reports" }).click();
    await page.getByLabel("From").fill("2026-11-01");
    await page.getByLabel("To").fill("2026-11-23");
    await page.getByRole("button", { name: "Make report" }).click();
    await page.getByRole("status").getByText(/^Report ready \(\d+ bytes\)\.$/).waitFor({ timeout: 60_000 });
    const frame = page.locator("iframe.report");
    expect(await frame.getAttribute("sandbox")).toBe("");
    expect(await frame.getAttribute("src")).toMatch(/^blob:/);
    await page.frameLocator("iframe.report").locator("h1").first().waitFor();
    expect(await page.frameLocator("iframe.report").locator("body").textContent()).toContain("2026-11-01");
    const download = page.getByRole("link", { name: "Download report-2026-11-01-2026-11-23.html" });
    expect(await download.getAttribute("href")).toMatch(/^blob:/);
    const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
    expect(file.suggestedFilename()).toBe("report-2026-11-01-2026-11-23.html");
    expect(await seriousViolations(page)).toEqual([]);
    await keepScreenshot(page, "report-desk");
    // A CSV is offered for download, not shown.
    await page.getByLabel("Format").selectOption("csv");
    await page.getByRole("button", { name: "Make report" }).click();

    await page.getByRole("link", { name: "Download report-2026-11-01-2026-11-23.csv" }).waitFor({ timeout: 60_000 });
    expect(await page.locator("iframe.report").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("neither shows the front desk these pages nor answers its requests for them", async () => {
    const site = await consoleDemo(cleanups);
    const prefix = `gatehouse/${site.model.site.id}`;
    const desk = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.front_desk);
    expect(await desk.page.locator("nav a").allTextContents()).toEqual(["Overview", "Doors", "Visitors"]);
    await desk.page.goto(`${site.url}#/incidents`);
    await desk.page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    for (const [name, body] of [
      ["incident", { action: "list" }],
      ["muster", { action: "start" }],
      ["drill", { action: "start", type: "bus_evacuation" }],
      ["report", { from: "2026-11-01", to: "2026-11-23" }],
    ] as const) {
      const answer = JSON.parse(await sendFromPage(desk.page, prefix, name, body)) as unknown;
      expect(answer, name).toMatchObject({ status: "error", error: { code: "not_permitted" } });
    }
    expect(desk.errors).toEqual([]);
  });
});
