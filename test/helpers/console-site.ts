import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import type { HidApi } from "../../src/drivers/hid/hid-api.js";
import type { Cleanups } from "./cleanups.js";
import { bootDemo, demoModel, type DemoGateway } from "./demo-site.js";

/** Screenshots of the console kept for a person to look at (ignored by git). */
export const CONSOLE_ARTIFACTS = join(import.meta.dirname, "../../test-artifacts/console");

/** The demo's console users, one per role (README: "The web console"). */
export const CONSOLE_USERS = {
  admin: { username: "demo", password: "lincoln-demo-only" },
  officer: { username: "officer", password: "lincoln-officer-demo" },
  front_desk: { username: "desk", password: "lincoln-desk-demo" },
  monitor: { username: "monitor", password: "lincoln-monitor-demo" },
} as const;

/** The demo site (or its variant in `opts.configDir`, its model changed by `opts.edit`) with its console on a free port, started; stopped after the test. */
export async function consoleDemo(
  cleanups: Cleanups,
  opts: { configDir?: string; hid?: HidApi; edit?: (m: RuntimeModel) => RuntimeModel } = {},
): Promise<DemoGateway & { url: string; model: RuntimeModel }> {
  const demo = demoModel(opts.configDir ?? "config/demo", { console: true });
  cleanups.push(demo.cleanup);
  const model = (opts.edit ?? ((m: RuntimeModel) => m))(demo.model);
  const running = await bootDemo(model, undefined, undefined, undefined, opts.hid === undefined ? {} : { hid: opts.hid });
  cleanups.push(() => running.stop());
  const url = running.gateway.consoleUrl;
  if (url === null) throw new Error("the console did not start");
  return { ...running, url, model };
}

/** A page with its own cookies, logged in as `user`, showing the shell; page errors are collected. */
export async function loggedIn(browser: Browser, cleanups: Cleanups, url: string, user: { username: string; password: string }, viewport = { width: 390, height: 844 }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (msg) => void (msg.type() === "error" && errors.push(msg.text())));
  await page.goto(url);
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.locator(".mode[data-mode]").waitFor();
  return { page, errors };
}

/** Keep a screenshot of the page as a test artefact. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(CONSOLE_ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(CONSOLE_ARTIFACTS, `${name}.png`), fullPage: true });
}

/** axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now, as "rule: target" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (an inline script would be blocked).
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8"));
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
  });
  return found;
}

/**
 * From inside a logged-in page, what the broker does with a request the page does not offer: a
 * second connection through the same bridge (so as the same user) publishes it and reports the
 * answer, or "dropped" when the broker closes the connection.
 */
export async function sendFromPage(page: Page, prefix: string, name: string, body: object): Promise<string> {
  // A string, so that the test runner does not rewrite the page's own dynamic import.
  const probe = `(async () => {
    const { MqttClient } = await import("/mqtt.js");
    const c = new MqttClient({ url: "ws://" + location.host + "/mqtt", clientId: "probe", minDelayMs: 60000 });
    const topic = ${JSON.stringify(`${prefix}/request/${name}`)};
    const payload = ${JSON.stringify(JSON.stringify({ ...body, transaction: "probe" }))};
    return new Promise((resolve) => {
      c.onMessage((_t, p) => resolve(new TextDecoder().decode(p)));
      c.onStatus((s) => {
        if (s === "online") setTimeout(() => c.publish(topic, payload, 1).catch(() => undefined), 50);
        if (s === "offline") resolve("dropped");
      });
      c.subscribe(${JSON.stringify(`${prefix}/response/+`)}, 1);
      c.start();
    }).finally(() => c.close());
  })()`;
  return page.evaluate<string>(probe);
}
