import { spawn } from "node:child_process";
import { once } from "node:events";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { HELPER_THREADS_OPTION } from "../../src/util/helper-threads.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The demo site copied to a temp dir, on port 0; run it with `--data-dir dir` for a store of its own. */
function demoCopy(dir: string): string {
  const config = join(dir, "demo");
  cpSync(join(ROOT, "config/demo"), config, { recursive: true });
  const site = join(config, "site.yaml");
  writeFileSync(site, readFileSync(site, "utf8").replace(/port: 1883/, "port: 0"));
  return config;
}

describe("gatehouse run", () => {
  const cleanups = cleanupsAfterEach();

  // Started as the unit starts it, and as a bare `node` would be: only the latter is warned about.
  it.each([
    ["SIGTERM", [HELPER_THREADS_OPTION]],
    ["SIGINT", []],
  ] as const)("stops cleanly on %s and exits 0 (node options: %j)", async (signal, nodeArgs) => {
    const dir = tempDir(cleanups, "gatehouse-run-");
    const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "src/cli.ts", "run", "--config", demoCopy(dir), "--data-dir", dir], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    const exited = once(child, "exit") as Promise<[number | null, string | null]>;
    // A test that fails before the signal must not leave the gateway running into the next one.
    cleanups.push(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    });
    await vi.waitFor(() => expect(out).toContain('"msg":"gateway online"'), 20_000);
    child.kill(signal);
    const [code, killedBy] = await exited;
    expect({ code, killedBy }).toEqual({ code: 0, killedBy: null });
    expect(out).toContain('"msg":"stopped"');
    expect(out.includes(`without ${HELPER_THREADS_OPTION}`)).toBe(nodeArgs.length === 0);
    expect(out).toContain(`"msg":"node's own threads run in the idle scheduling class"`);
  });
});
