import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { DemoGateway } from "../helpers/demo-site.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { CONSOLE_USERS, consoleDemo, keepScreenshot, loggedIn, seriousViolations } from "../helpers/console-site.js";
import { chromiumForFile } from "../helpers/chromium.js";
import { entry, snapshot } from "../screening/watch-entries.js";

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();
/** The watch list's worker thread starts with the first list: seconds on a loaded machine. */
const WORKER_START_MS = 20_000;
const BORN = "1980-02-03";

/** Sign a visitor in at the desk whose name and birth date the watch list holds: the visit is held for an officer. */
async function heldVisitor(site: DemoGateway, lastName: string): Promise<string> {
  const answer = await site.client.request("visitor", {
    action: "sign_in", first_name: "Dana", last_name: lastName, date_of_birth: BORN, id_type: "driver_licence",
    id_last4: "1234", host: "Mr. Chen", destination: "library", reason: "pick up", escort_required: false, pass_kind: "printed",
  });
  expect(answer).toMatchObject({ status: "ok", data: { status: "please_wait" } });
  return (answer as { data: { visitor_id: string } }).data.visitor_id;
}

/** Counts the tones a page starts; run through the DevTools protocol, which the page's policy does not govern. */
const COUNT_TONES = "(() => { globalThis.tones = 0; const start = OscillatorNode.prototype.start; OscillatorNode.prototype.start = function (...a) { globalThis.tones++; return start.apply(this, a); }; })()";
const tones = (page: Page): Promise<number> => page.evaluate<number>("globalThis.tones");

/** A page nobody has used: read only through the DevTools protocol, since Playwright's own reads count as a gesture in it. */
interface UntouchedPage {
  /** An expression's value in the page, evaluated without a gesture. */
  read<T>(expression: string): Promise<T>;
  readonly errors: string[];
  readonly warnings: string[];
}

/** A page logged in without a gesture in it (the login posted beside it), counting its tones, watched for errors and warnings. */
async function untouched(url: string, user: { username: string; password: string }): Promise<UntouchedPage> {
  const context = await browser().newContext();
  cleanups.push(() => context.close());
  const login = await context.request.post(`${url}api/login`, { data: user, headers: { Origin: new URL(url).origin } });
  expect(login.status()).toBe(200);
  await context.addInitScript(COUNT_TONES);
  const page = await context.newPage();
  const errors: string[] = [];
  const warnings: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (m) => void (m.type() === "error" ? errors : m.type() === "warning" ? warnings : []).push(m.text()));
  const cdp = await context.newCDPSession(page);
  await page.goto(url);
  const read = async <T>(expression: string): Promise<T> => ((await cdp.send("Runtime.evaluate", { expression, returnByValue: true })).result.value as T);
  await expect.poll(() => read<boolean>("document.querySelector('.mode[data-mode]') !== null"), { timeout: 10_000 }).toBe(true);
  return { read, errors, warnings };
}

describe("a new visitor hold on every page of the officers", { timeout: 90_000 }, () => {
  it("shows a notice linking to the holds, sounds a tone where the browser allows, and comes back with the next hold", async () => {
    const site = await consoleDemo(cleanups);
    await site.client.request("watchlist", snapshot("v1", 1, 1, [entry("w-1", "Dana", "Miller", BORN), entry("w-2", "Dana", "Okafor", BORN)]), WORKER_START_MS);
    const officer = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer, { width: 1280, height: 900 });
    const desk = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.front_desk);
    // An admin's page nobody has clicked in: a browser plays no sound there, and the page must not fail for it.
    const admin = await untouched(site.url, CONSOLE_USERS.admin);
    await officer.page.getByRole("link", { name: "Doors" }).click();
    await officer.page.locator(".door").first().waitFor();
    await officer.page.evaluate(COUNT_TONES);
    expect(await officer.page.locator(".notice").count()).toBe(0);

    await heldVisitor(site, "Miller");
    const notice = officer.page.getByRole("alert").filter({ hasText: "A visitor at the front desk waits for an officer's decision." });
    await notice.waitFor();
    await expect.poll(() => admin.read<string | null>("document.querySelector('.notice [role=alert]')?.textContent ?? null")).toContain("waits for an officer's decision");
    await expect.poll(() => tones(officer.page)).toBe(1);
    expect(await admin.read<number>("globalThis.tones")).toBe(0);
    expect(await notice.textContent()).not.toContain("Miller");
    expect(await seriousViolations(officer.page)).toEqual([]);
    await keepScreenshot(officer.page, "hold-notice-desk");
    // The desk does not decide holds: it gets no notice.
    expect(await desk.page.locator(".notice").count()).toBe(0);

    await officer.page.getByRole("button", { name: "Dismiss" }).click();
    await notice.waitFor({ state: "detached" });
    await heldVisitor(site, "Okafor");
    await officer.page.getByRole("alert").filter({ hasText: "2 visitors at the front desk wait" }).waitFor();
    await expect.poll(() => tones(officer.page)).toBe(2);
    await officer.page.getByRole("link", { name: "Decide on the holds page" }).click();
    await officer.page.locator(".hold").nth(1).waitFor();
    expect(await officer.page.locator(".notice").count()).toBe(0);
    expect([...officer.errors, ...admin.errors, ...desk.errors]).toEqual([]);
    expect(admin.warnings.filter((w) => /audio|autoplay|gesture/i.test(w))).toEqual([]);
  });
});
