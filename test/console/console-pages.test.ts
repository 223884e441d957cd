import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { CONSOLE_USERS, consoleDemo, keepScreenshot, loggedIn, seriousViolations } from "../helpers/console-site.js";
import { chromiumForFile } from "../helpers/chromium.js";
import { cuttableProxy } from "../helpers/tcp-proxy.js";

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();

const VIEWPORTS = { phone: { width: 390, height: 844 }, desk: { width: 1280, height: 900 } } as const;

describe("the console's pages", { timeout: 120_000 }, () => {
  it.each(Object.keys(VIEWPORTS) as (keyof typeof VIEWPORTS)[])("on a %s: axe-core finds no serious violation on any page, and each page is kept as a screenshot", async (size) => {
    const site = await consoleDemo(cleanups);
    const viewport = VIEWPORTS[size];
    const context = await browser().newContext({ viewport });
    cleanups.push(() => context.close());
    const login = await context.newPage();
    await login.goto(site.url);
    await login.getByLabel("Username").waitFor();
    expect(await seriousViolations(login)).toEqual([]);
    await keepScreenshot(login, `login-${size}`);
    await site.client.sim("dc-gym", { open: true });
    const { page, errors } = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer, viewport);
    for (const path of ["overview", "mode", "doors", "alarms"]) {
      await page.goto(`${site.url}#/${path}`);
      await page.locator("nav a[aria-current=page]").and(page.locator(`[href="#/${path}"]`)).waitFor();
      await page.locator("main h1 + *").waitFor();
      if (path === "alarms") await page.locator(".alarm").first().waitFor();
      expect({ path, found: await seriousViolations(page) }).toEqual({ path, found: [] });
      await keepScreenshot(page, `${path}-${size}`);
    }
    const widths = await page.evaluate<number[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
    expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
    expect(errors).toEqual([]);
  });

  it("shows a lost connection and recovers from it by itself", async () => {
    const site = await consoleDemo(cleanups);
    const proxy = await cuttableProxy(cleanups, Number(new URL(site.url).port));
    const { page, errors } = await loggedIn(browser(), cleanups, site.url.replace(/:\d+\//, `:${proxy.port}/`), CONSOLE_USERS.monitor);
    expect(await page.locator(".conn").count()).toBe(0);
    proxy.cut();
    await page.getByRole("alert").getByText("Connection lost — reconnecting…").waitFor();
    await keepScreenshot(page, "connection-lost-phone");
    await page.locator(".conn").waitFor({ state: "detached" });
    // Live again: a change made after the cut shows.
    await site.client.request("mode", { action: "raise", mode: "hold" });
    await page.locator(".mode[data-mode=hold]").waitFor();
    expect(errors.filter((e) => !e.includes("WebSocket"))).toEqual([]);
  });

  it("returns to the login when the session reaches its time limit, its connection closed", async () => {
    const site = await consoleDemo(cleanups);
    const { page } = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer);
    await page.locator(".mode[data-mode=normal]").waitFor();
    site.timers.advance(13 * 3_600_000);
    await page.getByLabel("Username").waitFor();
    expect(await page.locator(".mode").count()).toBe(0);
  });
});
