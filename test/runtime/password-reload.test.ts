import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MqttClient } from "mqtt";
import { describe, expect, it, vi } from "vitest";
import type { Broker } from "../../src/bus/broker.js";
import { loadSite } from "../../src/config/load-site.js";
import { watchAccounts } from "../../src/runtime/password-reload.js";
import { closed, loginAs, startTestBroker } from "../helpers/broker-clients.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { capturedLog } from "../helpers/log-lines.js";
import { hashedPasswordFile } from "../helpers/password-line.js";
import { siteDir } from "../helpers/site-dir.js";

const cleanups = cleanupsAfterEach();
const BROKER = "broker:\n  port: 0\n  password_file: secrets/mqtt.passwd\n  users:\n    - { username: ops, role: operator }\n    - { username: view, role: viewer }\n";

const login = (b: Broker, username: string, password: string): Promise<MqttClient> => loginAs(cleanups, b, username, password);

/** A site whose broker users' passwords are in one mosquitto password file, its broker running and its file watched. */
async function watchedSite() {
  const entries = { ops: hashedPasswordFile("ops", "ops-1"), view: hashedPasswordFile("view", "view-1") };
  const dir = siteDir(cleanups, BROKER, { "secrets/mqtt.passwd": entries.ops + entries.view });
  const site = loadSite({ configDir: dir });
  if (!site.ok) throw new Error(site.problems.map((p) => p.message).join("\n"));
  const { log, lines } = capturedLog();
  const accounts = site.model.broker.accounts;
  const b = await startTestBroker(cleanups, { host: "127.0.0.1", port: 0, prefix: "gatehouse/pw", users: accounts, anonymous: "deny", simEnabled: false, log });
  const watch = watchAccounts(dir, accounts, b, log, { debounceMs: 50, pollMs: 200 });
  cleanups.push(() => watch.close());
  const file = join(dir, "secrets", "mqtt.passwd");
  /** Replace the file as gatehouse passwd and mosquitto_passwd do: a new file renamed over the old. */
  const rewrite = (text: string) => {
    writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  return { b, lines, rewrite, entries, dir };
}

describe("the broker's password file, reloaded without a restart", () => {
  it("ends the session of a user whose password changed, and takes the new password from then on", async () => {
    const { b, lines, rewrite, entries } = await watchedSite();
    const [ops, view] = await Promise.all([login(b, "ops", "ops-1"), login(b, "view", "view-1")]);
    const gone = closed(ops);
    // As `gatehouse passwd` edits it: the other user's line stays as it was.
    rewrite(hashedPasswordFile("ops", "ops-2") + entries.view);
    await gone;
    expect(lines.find((l) => l["msg"] === "broker users reloaded")).toMatchObject({ users: 2, ended: ["ops"], rest: expect.stringContaining("at the next start") });
    expect(view.connected).toBe(true);
    await expect(login(b, "ops", "ops-1")).rejects.toThrow();
    expect((await login(b, "ops", "ops-2")).connected).toBe(true);
  });

  it("ends the session of a user whose line was removed, and refuses them", async () => {
    const { b, rewrite, entries } = await watchedSite();
    const [ops, view] = await Promise.all([login(b, "ops", "ops-1"), login(b, "view", "view-1")]);
    const gone = closed(view);
    rewrite(entries.ops);
    await gone;
    expect(ops.connected).toBe(true);
    await expect(login(b, "view", "view-1")).rejects.toThrow();
  });

  it("lets a user added to the configuration and the password file log in, and takes a changed role", async () => {
    const { b, lines, rewrite, entries, dir } = await watchedSite();
    const view = await login(b, "view", "view-1");
    const gone = closed(view);
    rewrite(entries.ops + entries.view + hashedPasswordFile("nurse", "nurse-1"));
    writeFileSync(join(dir, "site.yaml"), readFileSync(join(dir, "site.yaml"), "utf8").replace("{ username: view, role: viewer }", "{ username: view, role: monitor }\n    - { username: nurse, role: front_desk }"));
    // The changed role ends the user's session: they log in again under the new one.
    await gone;
    await vi.waitFor(() => expect(b.accounts.roles.get("nurse")).toBe("front_desk"), { timeout: 5000 });
    expect(b.accounts.roles.get("view")).toBe("monitor");
    expect((await login(b, "nurse", "nurse-1")).connected).toBe(true);
    expect(lines.filter((l) => l["msg"] === "broker users reloaded").at(-1)).toMatchObject({ users: 3 });
  });

  it("keeps the previous users when the file is broken, and says why", async () => {
    const { b, lines, rewrite } = await watchedSite();
    const ops = await login(b, "ops", "ops-1");
    rewrite(`ops:$7$not-a-hash\n${hashedPasswordFile("view", "view-2")}`);
    await vi.waitFor(() => expect(lines.some((l) => l["msg"] === "broker users not reloaded; the previous users stay")).toBe(true), { timeout: 5000 });
    const error = lines.find((l) => l["msg"] === "broker users not reloaded; the previous users stay");
    expect(error?.["problems"]).toEqual([expect.stringMatching(/mqtt\.passwd holds no usable hash for user ops/)]);
    expect(ops.connected).toBe(true);
    expect((await login(b, "view", "view-1")).connected).toBe(true);
    await expect(login(b, "view", "view-2")).rejects.toThrow();
  });
});
