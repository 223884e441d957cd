import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectAsync } from "mqtt";
import { describe, expect, it } from "vitest";
import { startBroker } from "../../src/bus/broker.js";
import { userEntry } from "../../src/bus/password-file.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { startMosquitto } from "../helpers/mosquitto.js";
import { mosquittoPasswd } from "../helpers/mosquitto-passwd.js";
import { tempDir } from "../helpers/temp-dir.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const cleanups = cleanupsAfterEach();
/** Each run of the CLI from source compiles it first: seconds on a loaded machine. */
const CLI_TIMEOUT_MS = 120_000;

/** Runs `gatehouse passwd <args>` from source with `input` on stdin (a pipe, as in a script). */
async function passwd(args: string[], input = ""): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "passwd", ...args], { cwd: ROOT, stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
  child.stdin.end(input);
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stderr };
}

/** Whether `username`/`password` may log in at `url`: true, or the CONNACK code of the refusal. */
async function logsIn(url: string, username: string, password: string): Promise<true | number> {
  try {
    const client = await connectAsync(url, { username, password, reconnectPeriod: 0, connectTimeout: 5000 });
    await client.endAsync();
    return true;
  } catch (err) {
    return (err as { code: number }).code;
  }
}

describe("gatehouse passwd", () => {
  it("writes a password file that mosquitto and the gateway both accept, mode 0600, and removes users from it", async () => {
    const dir = tempDir(cleanups, "gatehouse-passwd-");
    const file = join(dir, "mqtt.passwd");
    const secret = join(dir, "ops.txt");
    writeFileSync(secret, "ops pw with spaces\n");
    expect(await passwd(["--password-file", secret, file, "ops"])).toEqual({ code: 0, stderr: `added user ops in ${file}\n` });
    expect(await passwd([file, "view"], "view-pw\n")).toEqual({ code: 0, stderr: `added user view in ${file}\n` });
    expect(await passwd([file, "view"], "view-pw-2\n")).toEqual({ code: 0, stderr: `changed the password of user view in ${file}\n` });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toMatch(/^ops:\$7\$101\$[^$]+\$[^$]+\nview:\$7\$101\$[^$]+\$[^$]+\n$/);
    // mosquitto_passwd edits the file as written, and the file stays readable by both.
    mosquittoPasswd(file, "sim", "sim-pw");

    const mosquitto = await startMosquitto(tempDir(cleanups, "gatehouse-passwd-mq-"), { anonymous: false, listener: [`password_file ${file}`] });
    cleanups.push(() => mosquitto.stop());
    expect(await logsIn(mosquitto.url, "ops", "ops pw with spaces")).toBe(true);
    expect(await logsIn(mosquitto.url, "view", "view-pw-2")).toBe(true);
    expect(await logsIn(mosquitto.url, "view", "view-pw")).toBe(5);

    const text = readFileSync(file, "utf8");
    const hashOf = (user: string): string => {
      const e = userEntry(text, user);
      if (!e.ok) throw new Error(e.reason);
      return e.hash;
    };
    const users = [
      { username: "ops", role: "operator" as const, passwordHash: hashOf("ops") },
      { username: "sim", role: "sim" as const, passwordHash: hashOf("sim") },
    ];
    const broker = await startBroker({ host: "127.0.0.1", port: 0, prefix: "gatehouse/t", users, anonymous: "deny", simEnabled: false, log: silentLogger() });
    cleanups.push(() => broker.close());
    const url = `mqtt://127.0.0.1:${broker.port}`;
    expect(await logsIn(url, "ops", "ops pw with spaces")).toBe(true);
    expect(await logsIn(url, "sim", "sim-pw")).toBe(true);
    expect(await logsIn(url, "sim", "ops pw with spaces")).toBe(4);

    expect(await passwd(["--delete", file, "view"])).toEqual({ code: 0, stderr: `removed user view from ${file}\n` });
    expect(readFileSync(file, "utf8")).not.toMatch(/^view:/m);
    expect(readFileSync(file, "utf8")).toMatch(/^ops:.*\nsim:.*\n$/);
  }, CLI_TIMEOUT_MS);

  it("refuses an empty password, a bad username and removing a user who is not there, leaving the file alone", async () => {
    const dir = tempDir(cleanups, "gatehouse-passwd-");
    const file = join(dir, "mqtt.passwd");
    mosquittoPasswd(file, "ops", "ops-pw");
    const before = readFileSync(file, "utf8");
    expect(await passwd([file, "view"], "\n")).toEqual({ code: 1, stderr: "gatehouse passwd: empty password\n" });
    expect((await passwd([file, "a:b"], "pw\n")).code).toBe(1);
    expect(await passwd(["--delete", file, "nobody"])).toEqual({ code: 1, stderr: `gatehouse passwd: user nobody is not in ${file}\n` });
    expect((await passwd([file])).code).toBe(2);
    expect(readFileSync(file, "utf8")).toBe(before);
  }, CLI_TIMEOUT_MS);
});
