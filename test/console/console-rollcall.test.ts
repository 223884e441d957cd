import { describe, expect, it } from "vitest";
import { compileDrills } from "../../src/drills/drills-model.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { CONSOLE_USERS, consoleDemo, keepScreenshot, loggedIn, seriousViolations } from "../helpers/console-site.js";
import { chromiumForFile } from "../helpers/chromium.js";
import { PAT, RILEY } from "../helpers/occupancy-site.js";

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();

/** Michigan's drills (three lockdowns a year) over the demo's school year. */
const MICHIGAN = compileDrills({ profile: "michigan", school_years: { "2026-27": { first_day: "2026-08-19", last_day: "2027-06-01" } } }, "America/Chicago");

describe("the console's roll call and drills pages", { timeout: 120_000 }, () => {
  it("takes a roll call during an evacuation, counting down as people are marked, and ends it in two steps", async () => {
    const site = await consoleDemo(cleanups);
    await site.client.sim("rdr-east-ext", { badge: PAT.badge });
    await site.client.sim("rdr-main-outer-ext", { digits: RILEY.digits });
    await site.client.waitForEvent((e) => e.type === "access" && e.holder === RILEY.holder);
    const { page, errors } = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer);
    expect(await page.locator(".prompt").count()).toBe(0);
    await site.client.request("mode", { action: "raise", mode: "evacuate" });
    // On every page the evacuation puts the roll call first.
    await page.getByRole("link", { name: "Start the roll call →" }).click();
    await page.getByText("Evacuation in progress: start the roll call.").waitFor();
    await page.getByRole("button", { name: "Start roll call" }).click();
    const count = (c: string) => page.locator(`[data-count=${c}] dd`);
    await count("expected").getByText("2").waitFor();
    expect(await count("unaccounted").textContent()).toBe("2");
    await keepScreenshot(page, "rollcall-phone");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel("Assembly point").selectOption("north-field");
    await page.getByRole("button", { name: `Mark accounted: ${RILEY.holder}` }).click();
    await count("unaccounted").getByText("1").waitFor();
    expect(await count("accounted").textContent()).toBe("1");
    await page.getByRole("button", { name: `Mark missing: ${PAT.holder}` }).click();
    await count("missing").getByText("1").waitFor();
    await page.getByRole("button", { name: `Mark injured: ${PAT.holder}` }).click();
    await count("injured").getByText("1").waitFor();
    expect(await count("unaccounted").textContent()).toBe("0");
    expect(await count("missing").textContent()).toBe("0");
    // Someone no one expected turns up: counted apart, never as one of those expected.
    await site.client.request("muster", { action: "mark", people: ["h-9999"], status: "accounted", point: "north-field" });
    await count("extra").getByText("1").waitFor();
    expect(await page.locator("[data-count=extra] dt").textContent()).toBe("not on the list");
    expect(await count("accounted").textContent()).toBe("1");

    // Ending takes two steps, focus starting on the way back.
    await page.getByRole("button", { name: "End roll call…" }).click();
    const dialog = page.getByRole("alertdialog");
    // The dialog takes focus once it has rendered: wait for that rather than read it at once.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).toBe("Keep it open");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "detached" });
    const open = await site.client.request("muster", { action: "status" });
    expect(open).toMatchObject({ status: "ok", data: { muster: { ended_at: null } } });
    await page.getByRole("button", { name: "End roll call…" }).click();
    await page.getByRole("button", { name: "Yes, end the roll call" }).click();
    await page.getByRole("status").getByText("Roll call ended.").waitFor();
    const ended = await site.client.request("muster", { action: "status" });
    expect(ended).toMatchObject({ status: "ok", data: { muster: { ended_by: "officer", counts: { expected: 2, accounted: 1, injured: 1, unaccounted: 0, extra: 1 } } } });
    await page.getByText(/Last roll call ended .*: 1 of 2 accounted, 1 injured, 0 missing, 1 not on the list\./).waitFor();
    expect(errors).toEqual([]);
  });

  it("shows a lockdown drill raised and cleared as held, with its record, and keeps a drill held without a mode", async () => {
    const site = await consoleDemo(cleanups, { edit: (m) => ({ ...m, drills: MICHIGAN }) });
    const { page, errors } = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer, { width: 1280, height: 900 });
    await page.getByRole("link", { name: "Drills" }).click();
    const lockdown = page.locator(".req[data-req=lockdown]");
    await lockdown.getByText("0 of 3 held").waitFor();
    await page.getByText("No drill held this school year yet.").waitFor();
    expect(await lockdown.locator(".req__status").textContent()).toBe("Due");
    // The last day of the year is the last day a drill counts, whatever the browser's time zone.
    expect(await lockdown.textContent()).toContain(`by ${new Date(Date.UTC(2027, 5, 1)).toLocaleDateString("en-US", { timeZone: "UTC" })}`);
    await site.client.request("mode", { action: "raise", mode: "lockdown", drill: true });
    await page.locator(".drillrec").getByText("(running)").waitFor();
    await site.client.request("mode", { action: "clear" });
    await lockdown.getByText("1 of 3 held").waitFor();
    const record = page.locator(".drillrec").first();
    await record.getByText(/Time to secure: /).waitFor();
    expect(await record.locator("strong").textContent()).toBe("lockdown");
    expect(await record.textContent()).not.toContain("(running)");
    // The year's past drills, from request/drills list: type, start and time to secure.
    const past = page.locator(".pastdrills tbody tr");
    await past.first().waitFor();
    expect(await past.first().locator("td").allTextContents()).toEqual(["lockdown", expect.any(String), expect.stringMatching(/^\d+ s$|^not all doors secured$/)]);
    expect(await seriousViolations(page)).toEqual([]);
    await keepScreenshot(page, "drills-desk");

    // A bus evacuation is held without a mode: started here, the fire department noted, ended.
    await page.getByLabel("Type").selectOption("bus_evacuation");
    await page.getByRole("button", { name: "Start drill" }).click();
    await page.getByRole("heading", { name: "Drill running: bus evacuation" }).waitFor();
    await page.getByLabel("Fire department").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").getByText("Drill updated.").waitFor();
    await page.getByRole("button", { name: "End drill" }).click();
    await page.getByRole("status").getByText("Drill ended.").waitFor();
    const bus = page.locator(".drillrec").filter({ hasText: "bus evacuation" });
    expect(await bus.textContent()).toContain("Present: fire department");
    await past.filter({ hasText: "bus evacuation" }).waitFor();
    expect(await past.locator("td:first-child").allTextContents()).toEqual(["bus evacuation", "lockdown"]);
    expect(errors).toEqual([]);
  });
});
