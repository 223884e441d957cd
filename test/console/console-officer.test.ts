import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { CONSOLE_USERS, consoleDemo, keepScreenshot, loggedIn } from "../helpers/console-site.js";
import { chromiumForFile } from "../helpers/chromium.js";

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();

describe("the officer's console", { timeout: 90_000 }, () => {
  it("raises lockdown only after two deliberate steps, and every open console shows it", async () => {
    const site = await consoleDemo(cleanups);
    const officer = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer);
    const wall = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.monitor, { width: 1280, height: 800 });
    const { page } = officer;
    await page.getByRole("button", { name: "Lockdown…" }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor();
    // One step is not enough: the dialog waits, focus is on Cancel, and a stray Enter cancels.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).toBe("Cancel");
    expect(site.gateway.engine.current.safety.mode).toBe("normal");
    await keepScreenshot(page, "mode-confirm-phone");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "detached" });
    expect(site.gateway.engine.current.safety.mode).toBe("normal");
    await page.getByRole("button", { name: "Lockdown…" }).click();
    await page.getByRole("button", { name: "Yes, raise LOCKDOWN" }).click();
    for (const p of [page, wall.page]) await p.locator(".mode[data-mode=lockdown]").waitFor();
    expect(site.gateway.engine.current.safety.mode).toBe("lockdown");
    expect(await wall.page.locator(".mode__word").textContent()).toBe("LOCKDOWN");
    await page.getByRole("status").getByText("Lockdown raised.").waitFor();
    await keepScreenshot(wall.page, "lockdown-desk");
    expect([...officer.errors, ...wall.errors]).toEqual([]);
  });

  it("marks a drill beyond doubt", async () => {
    const site = await consoleDemo(cleanups);
    const { page } = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer);
    await page.getByRole("button", { name: "Secure…" }).click();
    await page.getByLabel("This is a drill").check();
    await page.getByRole("button", { name: "Yes, raise SECURE" }).click();
    await page.locator(".mode--drill[data-mode=secure]").waitFor();
    expect(await page.locator(".drill").textContent()).toBe("DRILL — this is a drill");
    await keepScreenshot(page, "drill-phone");
  });

  it("turns a forced door red on the plan, queues its alarm, and acknowledges it", async () => {
    const site = await consoleDemo(cleanups);
    const { page, errors } = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer, { width: 1280, height: 900 });
    await page.getByRole("link", { name: "Doors" }).click();
    const marker = page.locator(".plan__door[data-door=east]");
    await marker.and(page.locator(".plan__door--locked")).waitFor();
    await site.client.sim("dc-east", { open: true });
    await page.locator(".plan__door--alarm[data-door=east]").waitFor();
    expect(await marker.locator("circle").evaluate((c) => (globalThis as unknown as { getComputedStyle(e: unknown): { fill: string } }).getComputedStyle(c).fill)).toBe("rgb(176, 0, 32)");
    expect(await page.locator(".door[data-door=east] .door__state").textContent()).toBe("FORCED OPEN");
    await keepScreenshot(page, "doors-forced-desk");
    await page.getByRole("link", { name: "Alarms" }).click();
    const row = page.locator(".alarm[data-alarm='forced_open@east']");
    await row.waitFor();
    expect(await row.locator(".alarm__what").textContent()).toContain("Door forced open");
    await keepScreenshot(page, "alarms-desk");
    await row.getByRole("button", { name: "Acknowledge" }).click();
    await row.getByText("acknowledged by officer").waitFor();
    expect(await row.getByRole("button", { name: "Acknowledge" }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
