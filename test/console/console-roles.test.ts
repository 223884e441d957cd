import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { CONSOLE_USERS, consoleDemo, loggedIn, sendFromPage } from "../helpers/console-site.js";
import { chromiumForFile } from "../helpers/chromium.js";

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();

/** The page titles in the navigation. */
async function pages(page: Page): Promise<string[]> {
  return page.locator("nav a").allTextContents();
}

describe("the console per role", { timeout: 90_000 }, () => {
  it("shows each role only the pages and commands it may use", async () => {
    const site = await consoleDemo(cleanups);
    const seen: Record<string, { pages: string[]; doorButtons: number }> = {};
    for (const [role, user] of Object.entries(CONSOLE_USERS)) {
      const { page, errors } = await loggedIn(browser(), cleanups, site.url, user);
      await page.goto(`${site.url}#/doors`);
      await page.locator(".door").first().waitFor();
      seen[role] = { pages: await pages(page), doorButtons: await page.locator(".door__actions button").count() };
      expect(errors).toEqual([]);
    }
    expect(seen).toEqual({
      admin: { pages: ["Overview", "Safety mode", "Doors", "Alarms", "Roll call", "Incidents", "Drills", "Reports", "Visitors", "Visitor holds", "Users"], doorButtons: 24 },
      officer: { pages: ["Overview", "Safety mode", "Doors", "Alarms", "Roll call", "Incidents", "Drills", "Reports", "Visitor holds"], doorButtons: 24 },
      front_desk: { pages: ["Overview", "Doors", "Visitors"], doorButtons: 0 },
      monitor: { pages: ["Overview", "Doors"], doorButtons: 0 },
    });
  });

  it("refuses a wrong password without saying whether the user exists", async () => {
    const site = await consoleDemo(cleanups);
    const context = await browser().newContext();
    cleanups.push(() => context.close());
    const page = await context.newPage();
    await page.goto(site.url);
    for (const username of ["officer", "nobody"]) {
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill("wrong");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByRole("alert").getByText("wrong username or password").waitFor();
      await page.reload();
    }
    expect(await page.locator("nav").count()).toBe(0);
  });

  it("the broker refuses what the page hides: a monitor's request drops its connection, the desk's is not permitted", async () => {
    const site = await consoleDemo(cleanups);
    const prefix = `gatehouse/${site.model.site.id}`;
    const monitor = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.monitor);
    expect(await sendFromPage(monitor.page, prefix, "mode", { action: "raise", mode: "lockdown" })).toBe("dropped");
    const desk = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.front_desk);
    const answer = JSON.parse(await sendFromPage(desk.page, prefix, "mode", { action: "raise", mode: "lockdown" })) as { status: string; error: { code: string } };
    expect(answer).toMatchObject({ status: "error", error: { code: "not_permitted" } });
    expect(await desk.page.locator(".mode").getAttribute("data-mode")).toBe("normal");
    expect(site.gateway.engine.current.safety.mode).toBe("normal");
  });
});
