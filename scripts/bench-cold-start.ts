/**
 * Benchmark of a cold start into a stored lockdown, on the built gateway (`dist/cli.js`, run with
 * `--v8-pool-size=1` as the systemd unit runs it) and the demo site with a lockdown stored in the
 * safety copy:
 * - `cold_start_to_safe_ms`: from the spawn to the gateway's line saying every output is at its start
 *   level, every lock locked (it checks the line names as many locks locked as the site has, and none
 *   released). The demo's locks are simulated, so output writes cannot be watched from this process:
 *   the line is written once every output driver has started at the level the restored state asks
 *   (see src/runtime/components/outputs.ts). The gateway logs at debug for it;
 * - `cold_start_cpu_ms`: the CPU time the gateway had used by then (all its threads, from /proc; Linux
 *   only): the part of the figure that is the gateway's own work, less moved by the machine's load;
 * - `cold_start_to_online_ms`: from the spawn to the moment a client of its broker holds the retained
 *   `status` online and a retained site state in lockdown with no door unlocked: everything started;
 * - `node_baseline_ms`: `node -e 0` spawned the same way, in the same run: the machine's own price of
 *   a node process, to read the figures against; `cold_start_ratio` the first over it.
 * Each figure is the median of `--runs` starts (default 3), a baseline before each.
 * `npx tsx --v8-pool-size=1 scripts/bench-cold-start.ts` builds the gateway and prints one JSON object.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import mqtt from "mqtt";
import { loadSite } from "../src/config/load-site.js";
import { safetyCopyPath } from "../src/runtime/safety-copy.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST_CLI = join(ROOT, "dist/cli.js");
const NODE_OPTIONS = ["--v8-pool-size=1"];
/** How often the client retries the broker while the gateway starts: short against the figure. */
const RECONNECT_MS = 5;
/** Give up on a start that takes this long: something is broken, not slow. */
const GIVE_UP_MS = 30_000;
/** The gateway's line once every output is at its start level. */
const OUTPUTS_LINE = "outputs at their start levels";

/**
 * Build the gateway as `npm start` does and return its entry, so that the figure is always of the
 * sources as they are (an incremental build: a second or two when nothing changed). A stale `dist/`
 * cannot be told from its file times, as an incremental build leaves unchanged outputs alone.
 */
function builtCli(): string {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: ["ignore", 2, "inherit"] });
  return DIST_CLI;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** The demo site in `dir`/config, on `port`, storing in `dir`, with a lockdown stored in the safety copy. */
function demoSite(dir: string, port: number): { config: string; locks: number } {
  const config = join(dir, "config");
  cpSync(join(ROOT, "config/demo"), config, { recursive: true });
  const site = readFileSync(join(config, "site.yaml"), "utf8").replace("port: 1883", `port: ${port}`);
  writeFileSync(join(config, "site.yaml"), site);
  const loaded = loadSite({ configDir: config, dataDir: dir });
  if (!loaded.ok) throw new Error(`demo site invalid: ${JSON.stringify(loaded.problems)}`);
  const safety = { mode: "lockdown", drill: false, silent: false, since: Date.now(), by: "admin" };
  writeFileSync(safetyCopyPath(loaded.model.storagePath), JSON.stringify({ safety, fire: [] }));
  const locks = [...loaded.model.devices.values()].filter((d) => d.kind === "lock").length;
  return { config, locks };
}

/** CPU time used so far by process `pid` (user and system, all threads), in ms; NaN without /proc. */
function cpuMsOf(pid: number | undefined): number {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th, in USER_HZ ticks (100 a second).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/**
 * Resolve once the gateway says every output is at its start level, with the arrival time and the
 * gateway's CPU time then; check every lock is locked.
 */
function outputsDriven(child: ChildProcess, locks: number): Promise<{ at: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    let pending = "";
    let tail = "";
    const timer = setTimeout(() => reject(new Error(`the outputs were never driven:\n${tail}`)), GIVE_UP_MS);
    child.once("exit", (code) => reject(new Error(`the gateway exited with ${code} before its outputs were driven:\n${tail}`)));
    child.stdout?.setEncoding("utf8").on("data", (text: string) => {
      const at = performance.now();
      const cpu = cpuMsOf(child.pid);
      tail = (tail + text).slice(-4_000);
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.includes(OUTPUTS_LINE)) continue;
        clearTimeout(timer);
        const fields = JSON.parse(line) as { locks_locked?: number; locks_released?: number };
        if (fields.locks_locked !== locks || fields.locks_released !== 0) reject(new Error(`not every lock locked: ${line}`));
        else resolve({ at, cpu });
      }
    });
  });
}

/** Resolve once the broker shows the gateway online, in lockdown, with no door unlocked. */
async function onlineLocked(port: number): Promise<void> {
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

/** One cold start: spawn to outputs driven, the CPU time used by then, and spawn to online (ms). */
async function coldStart(cli: string): Promise<{ safe: number; cpu: number; online: number }> {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-cold-"));
  const port = await freePort();
  const { config, locks } = demoSite(dir, port);
  const args = [...NODE_OPTIONS, cli, "run", "--config", config, "--data-dir", dir, "--log-level", "debug"];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  try {
    // The broker is polled only once the outputs are driven: polling sooner would take CPU from the start.
    const driven = await outputsDriven(child, locks);
    await onlineLocked(port);
    return { safe: driven.at - t0, cpu: driven.cpu, online: performance.now() - t0 };
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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Math.max(1, Number(values.runs));
let cli: string;
try {
  cli = builtCli();
} catch (err) {
  process.stderr.write(`bench-cold-start: ${(err as Error).message}\n`);
  process.exit(1);
}
const baselines: number[] = [];
const safe: number[] = [];
const cpu: number[] = [];
const online: number[] = [];
for (let i = 0; i < runs; i++) {
  baselines.push(await nodeBaselineMs());
  const start = await coldStart(cli);
  safe.push(start.safe);
  cpu.push(start.cpu);
  online.push(start.online);
}
const baseline = median(baselines);
process.stdout.write(
  `${JSON.stringify({
    cold_start_to_safe_ms: Math.round(median(safe)),
    cold_start_cpu_ms: Math.round(median(cpu)),
    cold_start_to_online_ms: Math.round(median(online)),
    node_baseline_ms: Math.round(baseline),
    cold_start_ratio: Math.round((median(safe) / baseline) * 10) / 10,
  })}\n`,
);
