import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { CONSOLE_USERS, consoleDemo, keepScreenshot, loggedIn, seriousViolations } from "../helpers/console-site.js";
import { chromiumForFile } from "../helpers/chromium.js";

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();

/** `/api/users` fetched from inside a logged-in page (with its session cookie): status and body. */
async function usersFrom(page: Page): Promise<{ status: number; body: string }> {
  return page.evaluate(async () => {
    const res = await fetch("/api/users");
    return { status: res.status, body: await res.text() };
  });
}

/** Each user's line on the Users page: role and session state. */
async function shown(page: Page): Promise<Record<string, string>> {
  const rows = page.locator(".user");
  const out: Record<string, string> = {};
  for (const row of await rows.all()) {
    const name = (await row.getAttribute("data-user")) ?? "?";
    out[name] = `${await row.locator(".user__role").textContent()}, ${await row.locator(".user__session").textContent()}`;
  }
  return out;
}

describe("the administrator's Users page", { timeout: 90_000 }, () => {
  it("lists each user with their role, rights and console session, for the admin only", async () => {
    const site = await consoleDemo(cleanups);
    const officer = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.officer);
    expect(await officer.page.getByRole("link", { name: "Users" }).count()).toBe(0);
    expect((await usersFrom(officer.page)).status).toBe(403);
    expect((await fetch(`${site.url}api/users`)).status).toBe(401);

    const admin = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.admin);
    await admin.page.getByRole("link", { name: "Users" }).click();
    await admin.page.locator('.user[data-user="officer"]').waitFor();
    expect(await shown(admin.page)).toEqual({
      demo: "admin, console session open",
      desk: "front_desk, no console session",
      monitor: "monitor, no console session",
      officer: "officer, console session open",
    });
    const officerRow = admin.page.locator('.user[data-user="officer"]');
    expect(await officerRow.getByText("May request: state, mode, door").count()).toBe(1);
    expect(await officerRow.getByText("held visitors and their possible watch list matches").count()).toBe(1);
    expect(await admin.page.locator('.user[data-user="monitor"]').getByText("roll call").count()).toBe(0);
    expect(await admin.page.locator('.user[data-user="demo"]').getByText("May request: every request").count()).toBe(1);
    expect(await admin.page.getByText("gatehouse passwd secrets/name.password name").count()).toBe(1);
    expect(await seriousViolations(admin.page)).toEqual([]);
    await keepScreenshot(admin.page, "users-phone");

    const answer = await usersFrom(admin.page);
    expect(answer.status).toBe(200);
    expect(answer.body).not.toMatch(/password|hash|\$7\$|\$6\$/i);
    const users = (JSON.parse(answer.body) as { users: Record<string, unknown>[] }).users;
    expect(users.map((u) => Object.keys(u).sort())).toEqual(users.map(() => ["online", "reads", "requests", "role", "username"]));

    // The session state is now's: the officer logs out, and the page says so when shown again.
    await officer.page.evaluate(() => fetch("/api/logout", { method: "POST" }));
    await admin.page.reload();
    await admin.page.locator('.user[data-user="officer"]').waitFor();
    expect((await shown(admin.page)).officer).toBe("officer, no console session");
    // The officer's page logs only the refusal it was made to ask for.
    expect(officer.errors).toEqual(["Failed to load resource: the server responded with a status of 403 (Forbidden)"]);
    expect(admin.errors).toEqual([]);
  });
});
