import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { deskConsoleDemo } from "../helpers/console-desk.js";
import { CONSOLE_USERS, keepScreenshot, loggedIn, seriousViolations } from "../helpers/console-site.js";
import { chromiumForFile } from "../helpers/chromium.js";
import { entry, snapshot } from "../screening/watch-entries.js";

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();
/** The watch list's worker thread starts with the first list: seconds on a loaded machine. */
const WORKER_START_MS = 20_000;

describe("the front desk's console", { timeout: 120_000 }, () => {
  it("fills the sign-in from a scanned licence, signs the visitor in, prints the pass and signs them out", async () => {
    const site = await deskConsoleDemo(cleanups);
    const { page, errors } = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.front_desk);
    await page.getByRole("link", { name: "Visitors" }).click();
    await page.getByRole("heading", { name: "Sign a visitor in" }).waitFor();
    expect(await page.getByRole("link", { name: "Visitor holds" }).count()).toBe(0);
    await site.scan("v08-ca-dl.txt");
    await page.getByText("Details from the ID scanned").waitFor();
    expect(await page.getByLabel("First name").inputValue()).toBe("MINH");
    expect(await page.getByLabel("Last name").inputValue()).toBe("NGUYEN");
    expect(await page.getByLabel("Date of birth").inputValue()).toBe("1990-04-15");
    expect(await page.getByLabel("ID type").inputValue()).toBe("driver_licence");
    expect(await page.getByLabel("Last 4 of ID number").inputValue()).toBe("9381");
    await page.getByLabel("Host").fill("Ms. Alvarez");
    await page.getByLabel("Destination").selectOption({ label: "Library" });
    await page.getByLabel("Reason for the visit").fill("parent conference");
    await page.getByLabel("Pass").selectOption({ label: "Printed pass" });
    expect(await seriousViolations(page)).toEqual([]);
    await keepScreenshot(page, "desk-prefilled-phone");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(".outcome--in").getByText("Signed in.").waitFor();
    const row = page.locator(".visitor", { hasText: "MINH NGUYEN" });
    await row.getByText("Library, host Ms. Alvarez").waitFor();
    await page.locator(".occupancy").getByText("In the building: 1 visitor,").waitFor();
    expect(await page.getByLabel("First name").inputValue()).toBe("");
    // The sign-in took the scan off the broker: the form asks for the next one.
    await page.getByText("Scan the visitor's licence or ID card to fill in their details.").waitFor();
    await keepScreenshot(page, "desk-signed-in-phone");

    const [pass] = await Promise.all([page.waitForEvent("popup"), page.locator(".outcome--in").getByRole("button", { name: "Print pass" }).click()]);
    await pass.locator(".pass .name").waitFor();
    expect(pass.url()).toMatch(/^blob:/);
    expect(pass.url()).not.toContain("NGUYEN");
    expect(await pass.locator(".pass .name").textContent()).toBe("MINH NGUYEN");
    // The pass's own style applies (the console's policy allows it by its hash).
    expect(await pass.locator(".pass").evaluate((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { borderTopWidth: string } }).getComputedStyle(e).borderTopWidth)).toBe("2px");
    await keepScreenshot(pass, "desk-pass");

    await row.getByRole("button", { name: "Sign out MINH NGUYEN" }).click();
    await page.getByText("No visitor on site.").waitFor();
    await page.locator(".result").getByText("Signed out.").waitFor();
    expect(await page.locator(".outcome").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("says why a scan could not be read, and names the fields of a refused sign-in by their labels", async () => {
    const site = await deskConsoleDemo(cleanups);
    const { page } = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.front_desk);
    await page.getByRole("link", { name: "Visitors" }).click();
    await site.scan("partial-v10-tx-dl.txt");
    await page.getByRole("alert").getByText("The scan could not be read: the scan was cut short").waitFor();
    expect(await page.getByLabel("First name").inputValue()).toBe("");
    await page.getByLabel("First name").fill("Dana");
    await page.getByLabel("Last 4 of ID number").fill("77");
    await page.getByRole("button", { name: "Sign in" }).click();
    const said = page.locator(".result");
    await said.getByText("Not signed in: please check").waitFor();
    expect(await said.textContent()).toContain("Last 4 of ID number");
    expect(await said.textContent()).toContain("Host");
    expect(await said.textContent()).not.toContain("id_last4");
  });

  it("shows a held visitor only as please wait at the desk, and updates it when the officer clears them", async () => {
    const site = await deskConsoleDemo(cleanups);
    await site.client.request("watchlist", snapshot("v1", 1, 1, [entry("w-7", "Robert", "McAllister", "1978-04-09")]), WORKER_START_MS);
    const desk = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.front_desk);
    const officer = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer, { width: 1280, height: 900 });
    await desk.page.getByRole("link", { name: "Visitors" }).click();
    const form = { "First name": "Bob", "Last name": "McAllister", "Date of birth": "1978-04-09", "Last 4 of ID number": "1234", Host: "Mr. Chen", "Reason for the visit": "pick up" };
    for (const [label, value] of Object.entries(form)) await desk.page.getByLabel(label).fill(value);
    await desk.page.getByRole("button", { name: "Sign in" }).click();
    await desk.page.getByText("Please wait — an officer will be with you shortly.").first().waitFor();
    const deskText = await desk.page.locator("main").textContent();
    expect(deskText).not.toMatch(/trespass|w-7|match|held/i);
    await keepScreenshot(desk.page, "desk-please-wait-phone");

    await officer.page.getByRole("link", { name: "Visitor holds" }).click();
    const hold = officer.page.locator(".hold", { hasText: "Bob McAllister" });
    await hold.getByText("Trespass order").waitFor();
    expect(await seriousViolations(officer.page)).toEqual([]);
    await hold.getByLabel("Note").fill("ID photo differs");
    // Confirm takes a second step, with focus on Cancel.
    await hold.getByRole("button", { name: "Confirm…" }).click();
    await hold.getByRole("alertdialog").waitFor();
    await expect.poll(() => officer.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).toBe("Cancel");
    await keepScreenshot(officer.page, "holds-confirm-desk");
    await hold.getByRole("button", { name: "Cancel" }).click();
    await hold.getByRole("button", { name: "Clear" }).click();
    await officer.page.getByText("No visitor is waiting for a decision.").waitFor();

    await desk.page.locator(".outcome--in").getByText("Signed in.").waitFor();
    await desk.page.locator(".visitor", { hasText: "Bob McAllister" }).waitFor();
    expect(await seriousViolations(desk.page)).toEqual([]);
    expect([...desk.errors, ...officer.errors]).toEqual([]);
  });
});
