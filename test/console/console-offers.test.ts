import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { CONSOLE_USERS, consoleDemo, keepScreenshot, loggedIn, seriousViolations } from "../helpers/console-site.js";
import { chromiumForFile } from "../helpers/chromium.js";
import { tempDir } from "../helpers/temp-dir.js";

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();

/** The mode buttons the Safety mode page offers, by their words. */
async function modeButtons(page: Page): Promise<string[]> {
  await page.goto(`${new URL(page.url()).origin}/#/mode`);
  await page.locator(".modes__choices").waitFor();
  return page.locator(".modes__choices button").allTextContents();
}

describe("the console offers only what the gateway accepts", { timeout: 90_000 }, () => {
  it("offers no shelf for a latched life-safety alarm, and one for a door alarm", async () => {
    const site = await consoleDemo(cleanups);
    await site.client.sim("fire-panel", { active: true });
    await site.client.sim("dc-east", { open: true });
    const { page, errors } = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer, { width: 1280, height: 900 });
    await page.getByRole("link", { name: "Alarms" }).click();
    const fire = page.locator(".alarm[data-alarm='fire@fire-panel']");
    const door = page.locator(".alarm[data-alarm='forced_open@east']");
    await fire.waitFor();
    await door.getByRole("button", { name: "Shelve…" }).waitFor();
    expect(await fire.getByRole("button").allTextContents()).toEqual(["Acknowledge"]);
    expect(await seriousViolations(page)).toEqual([]);
    await keepScreenshot(page, "alarms-latched-desk");
    expect(errors).toEqual([]);
  });

  it("offers an officer no clear of a lockdown, which only an administrator or the district may clear", async () => {
    const site = await consoleDemo(cleanups);
    const officer = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer);
    const admin = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.admin);
    expect(await modeButtons(officer.page)).toEqual(["Lockdown…", "Secure…", "Hold…", "Shelter…", "Evacuate…"]);
    await site.client.request("mode", { action: "raise", mode: "lockdown" });
    for (const p of [officer.page, admin.page]) await p.locator(".mode[data-mode=lockdown]").waitFor();
    // Lockdown outranks every other mode: only lockdown itself (a drill made real) may be raised over it.
    expect(await modeButtons(officer.page)).toEqual(["Lockdown…"]);
    await officer.page.getByText("Your role may not clear lockdown").waitFor();
    expect(await seriousViolations(officer.page)).toEqual([]);
    await keepScreenshot(officer.page, "mode-lockdown-officer-phone");
    expect(await modeButtons(admin.page)).toEqual(["Lockdown…", "Clear lockdown…"]);
    await admin.page.getByRole("button", { name: "Clear lockdown…" }).click();
    await admin.page.getByRole("button", { name: "Yes, clear the mode" }).click();
    await officer.page.locator(".mode[data-mode=normal]").waitFor();
    expect([...officer.errors, ...admin.errors]).toEqual([]);
  });

  it("follows the site's own rules: where officers may clear a lockdown, the officer is offered it", async () => {
    const dir = tempDir(cleanups, "gatehouse-offers-");
    cpSync("config/demo", dir, { recursive: true });
    const file = join(dir, "safety.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("safety:\n", "safety:\n  modes:\n    lockdown: { clear: [officer, admin, district] }\n"));
    const site = await consoleDemo(cleanups, { configDir: dir });
    const officer = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer);
    await site.client.request("mode", { action: "raise", mode: "lockdown" });
    await officer.page.locator(".mode[data-mode=lockdown]").waitFor();
    expect(await modeButtons(officer.page)).toEqual(["Lockdown…", "Clear lockdown…"]);
    await officer.page.getByRole("button", { name: "Clear lockdown…" }).click();
    await officer.page.getByRole("button", { name: "Yes, clear the mode" }).click();
    await officer.page.locator(".mode[data-mode=normal]").waitFor();
    expect(officer.errors).toEqual([]);
  });
});
