/**
 * Benchmark of a cold start into a stored lockdown:
 * - `cold_start_to_safe_ms`: from spawning `gatehouse run` (the real CLI, with `--v8-pool-size=1`
 *   as the systemd unit runs it) on the demo site with a stored lockdown, to the moment a client of
 *   its broker holds the retained `status` online and a retained site state in lockdown with no door
 *   unlocked. The demo's locks are simulated, so output writes cannot be watched from this process;
 *   `online` is published only once every device driver has started, each lock exported at the level
 *   the restored state asks (see src/runtime/components/devices.ts), so it marks every lock driven
 *   locked. Runs `dist/cli.js` when built, else `src/cli.ts` through tsx (slower: it compiles first);
 * - `node_baseline_ms`: `node -e 0` spawned the same way, in the same run: the machine's own price of
 *   a node process, to read the figure against; `cold_start_ratio` the one over the other.
 * `npx tsx --v8-pool-size=1 scripts/bench-cold-start.ts` prints one JSON object.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import mqtt from "mqtt";
import { safetyCopyPath } from "../src/runtime/safety-copy.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const NODE_OPTIONS = ["--v8-pool-size=1"];
/** How often the client retries the broker while the gateway starts: short against the figure. */
const RECONNECT_MS = 5;
/** Give up on a start that takes this long: something is broken, not slow. */
const GIVE_UP_MS = 30_000;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** The demo site in `dir`, on `port`, with its store there and a lockdown stored in the safety copy. */
function demoSite(dir: string, port: number): string {
  const config = join(dir, "config");
  cpSync(join(ROOT, "config/demo"), config, { recursive: true });
  const site = readFileSync(join(config, "site.yaml"), "utf8")
    .replace("port: 1883", `port: ${port}`)
    .replace("path: ../../var/demo/gatehouse.db", `path: ${join(dir, "gatehouse.db")}`);
  writeFileSync(join(config, "site.yaml"), site);
  const safety = { mode: "lockdown", drill: false, silent: false, since: Date.now(), by: "admin" };
  writeFileSync(safetyCopyPath(join(dir, "gatehouse.db")), JSON.stringify({ safety, fire: [] }));
  return config;
}

function cliArgs(config: string): string[] {
  const dist = join(ROOT, "dist/cli.js");
  const cli = existsSync(dist) ? [dist] : ["--import", "tsx", join(ROOT, "src/cli.ts")];
  return [...NODE_OPTIONS, ...cli, "run", "--config", config, "--log-level", "warn"];
}

/** Resolve once the broker shows the gateway online, in lockdown, with no door unlocked. */
async function safeSeen(port: number): Promise<void> {
  const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: RECONNECT_MS, connectTimeout: GIVE_UP_MS });
  let online = false;
  let locked = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the gateway never came up locked down")), GIVE_UP_MS);
      client.on("connect", () => void client.subscribe(["gatehouse/lincoln-es/status", "gatehouse/lincoln-es/state/site"]));
      client.on("message", (topic, payload) => {
        const body = JSON.parse(payload.toString()) as { state?: string; mode?: string; doors_unlocked?: string[] };
        if (topic.endsWith("/status")) online = body.state === "online";
        else locked = body.mode === "lockdown" && body.doors_unlocked?.length === 0;
        if (online && locked) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } finally {
    await client.endAsync(true);
  }
}

async function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exit = once(child, "exit");
  child.kill("SIGTERM");
  await exit;
}

async function coldStartMs(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-cold-"));
  const port = await freePort();
  const config = demoSite(dir, port);
  const t0 = performance.now();
  const child = spawn(process.execPath, cliArgs(config), { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  try {
    await safeSeen(port);
    return performance.now() - t0;
  } finally {
    await ended(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function nodeBaselineMs(): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...NODE_OPTIONS, "-e", "0"], { stdio: "ignore" });
  await once(child, "exit");
  return performance.now() - t0;
}

const baseline = await nodeBaselineMs();
const cold = await coldStartMs();
process.stdout.write(
  `${JSON.stringify({
    cold_start_to_safe_ms: Math.round(cold),
    node_baseline_ms: Math.round(baseline),
    cold_start_ratio: Math.round((cold / baseline) * 10) / 10,
  })}\n`,
);
