import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { CONSOLE_USERS, consoleDemo, loggedIn } from "../helpers/console-site.js";
import { chromiumForFile } from "../helpers/chromium.js";
import { tempDir } from "../helpers/temp-dir.js";

const cleanups = cleanupsAfterEach();
const browser = chromiumForFile();

describe("console logins follow the broker's accounts as they are reloaded", { timeout: 90_000 }, () => {
  it("lets a user added to the configuration log in, and gives a user their new role, without a restart", async () => {
    const dir = tempDir(cleanups, "gatehouse-accounts-");
    cpSync("config/demo", dir, { recursive: true });
    const site = await consoleDemo(cleanups, { configDir: dir });
    const nurse = { username: "nurse", password: "lincoln-nurse-demo" };
    // The demo broker takes a plain password file; a school's holds a hash from `gatehouse passwd`.
    writeFileSync(join(dir, "secrets", "nurse.password"), `${nurse.password}\n`, { mode: 0o600 });
    const yaml = join(dir, "site.yaml");
    writeFileSync(
      yaml,
      readFileSync(yaml, "utf8").replace(
        "    - { username: monitor, password_file: secrets/monitor.password, role: monitor }\n",
        "    - { username: monitor, password_file: secrets/monitor.password, role: officer }\n    - { username: nurse, password_file: secrets/nurse.password, role: front_desk }\n",
      ),
    );
    // Reloaded once the monitor logs in as an officer (a login that fails would count towards the throttle).
    await expect.poll(() => loginRole(site.url, CONSOLE_USERS.monitor), { timeout: 10_000 }).toBe("officer");
    const { page, errors } = await loggedIn(browser(), cleanups, site.url, nurse);
    expect(await page.locator(".top__user").textContent()).toBe("nurse (front desk)");
    expect(await page.getByRole("link", { name: "Visitors" }).count()).toBe(1);
    const monitor = await loggedIn(browser(), cleanups, site.url, CONSOLE_USERS.monitor);
    expect(await monitor.page.locator(".top__user").textContent()).toBe("monitor (officer)");
    expect(await monitor.page.getByRole("link", { name: "Safety mode" }).count()).toBe(1);
    expect([...errors, ...monitor.errors]).toEqual([]);
  });
});

/** The role a console login, posted from the console's own origin, is given. */
async function loginRole(url: string, user: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${url}api/login`, { method: "POST", headers: { "Content-Type": "application/json", Origin: new URL(url).origin }, body: JSON.stringify(user) });
  return ((await res.json()) as { role: string }).role;
}
