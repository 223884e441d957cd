import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { credentialsPath } from "../../src/credentials/credential-db.js";
import { loadSite } from "../../src/config/load-site.js";
import { policyFor } from "../../src/core/lock-policy.js";
import type { Mode, SiteModel } from "../../src/core/model.js";
import { connectWhenUp, freePort, spawnGateway, type Entry } from "./gateway-process.js";
import { checkStore, integrityOf } from "./store-check.js";
import { watch } from "./watch.js";
import { seededRandom } from "../../test/helpers/seeded-random.js";
import { runWorkload, type WorkloadSite } from "./workload.js";

/** A crash run: how many kill points, from which seed, against which build. */
export interface CrashOptions {
  readonly points: number;
  readonly seed: number;
  readonly entry: Entry;
  /** The repository root (where config/demo and the entry live). */
  readonly root: string;
  /** Progress, one line per point. */
  readonly progress?: (line: string) => void;
}

/** What a crash run found. */
export interface CrashReport {
  readonly failures: string[];
  /** Restarts that took longer than START_TO_SAFE_MS (a speed finding, kept apart from correctness). */
  readonly slow: string[];
  /** Spawn to every output at its start level, per restart that came back at the committed mode (ms). */
  readonly startToSafeMs: number[];
  /** Events stored at the end. */
  readonly events: number;
}

/** The bound on spawn → outputs back at the committed mode. */
export const START_TO_SAFE_MS = 1_000;
/** Kill points fall this long after the workload starts: from mid-first-burst to well into an apply. */
const KILL_MIN_MS = 20;
const KILL_SPAN_MS = 1_200;
/** Between two workload steps: fast enough to keep decisions, writes and an apply in flight at once. */
const STEP_GAP_MS = 2;

/** The demo site copied to `dir`/config, on `port`; it stores in `dir`, its data directory. */
function siteCopy(root: string, dir: string, port: number): string {
  const config = join(dir, "config");
  cpSync(join(root, "config/demo"), config, { recursive: true });
  const site = join(config, "site.yaml");
  const text = readFileSync(site, "utf8").replace(/^(\s+path:).*$/m, "$1 gatehouse.db").replace(/^(\s+port:).*$/m, `$1 ${port}`);
  // The workload publishes a step every STEP_GAP_MS, faster than the broker lets a client by default.
  writeFileSync(site, text.replace(/^(\s+)demo: true$/m, `$1demo: true\n$1limits: { publish_per_s: ${2 * (1000 / STEP_GAP_MS)}, publish_burst: 1000 }`));
  return config;
}

/** Whether the retained states show `mode` with every door its policy locks shown locked. */
function atMode(model: SiteModel, mode: string) {
  return (states: ReadonlyMap<string, Record<string, unknown>>): boolean => {
    if (states.get("state/site")?.mode !== mode) return false;
    for (const door of model.doors.values()) {
      const locks = mode !== "normal" && policyFor(model, mode as Mode, door.id).lock === "locked";
      if (locks && states.get(`state/door/${door.id}`)?.locked !== true) return false;
    }
    return true;
  };
}

/** The site a crash run drives, and the accounts it drives it with. */
interface CrashSite {
  readonly dir: string;
  readonly config: string;
  readonly port: number;
  readonly model: SiteModel;
  readonly admin: { username: string; password: string };
  readonly workload: WorkloadSite;
}

async function crashSite(root: string): Promise<CrashSite> {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-crash-"));
  const port = await freePort();
  const config = siteCopy(root, dir, port);
  const loaded = loadSite({ configDir: config, dataDir: dir });
  if (!loaded.ok) throw new Error(`crash site invalid: ${JSON.stringify(loaded.problems)}`);
  const account = loaded.model.broker.accounts.find((a) => a.role === "admin");
  // The demo's password file holds the password itself (broker.demo), which a crash run logs in with.
  if (account === undefined || !("password" in account)) throw new Error("the demo has no admin account with a plain password");
  const admin = { username: account.username, password: account.password };
  const devices = [...loaded.model.devices.values()];
  const workload: WorkloadSite = {
    prefix: `gatehouse/${loaded.model.site.id}`,
    readers: devices.filter((d) => d.kind === "reader").map((d) => d.id),
    contacts: devices.filter((d) => d.kind === "contact").map((d) => d.id),
  };
  return { dir, config, port, model: loaded.model.core, admin, workload };
}

/**
 * One restart: spawn, wait until every door's retained state on the broker is at `mode`. The time it
 * took is from the spawn to the gateway's line that every output is at its start level: those levels
 * come from the stored safety state, which the broker's view then shows was `mode`. (The retained
 * states themselves come after the broker, the engine and the inputs start, a few hundred ms later.)
 * Null when the doors never came back at `mode`.
 */
async function restart(opts: CrashOptions, site: CrashSite, mode: string) {
  const gw = spawnGateway(opts.root, opts.entry, site.config, site.dir);
  const deadline = gw.spawnedAt + 10_000;
  const viewer = await connectWhenUp(site.port, {}, deadline, gw);
  const watcher = await watch(viewer, site.workload.prefix);
  let spent: number | null = null;
  try {
    await watcher.until(atMode(site.model, mode), deadline);
    const outputsAt = await gw.outputsAt;
    if (outputsAt !== null) spent = outputsAt - gw.spawnedAt;
  } catch {
    // reported by the caller, with the gateway's output
  }
  return { gw, viewer, watcher, spent };
}

/**
 * Kill -9 a real `gatehouse run` at `points` random moments of a workload of badge reads, door
 * contacts, mode changes and credential applies; after each kill check the store, restart, and check
 * that the committed mode is back on every output within START_TO_SAFE_MS of the spawn.
 */
export async function runCrashPoints(opts: CrashOptions): Promise<CrashReport> {
  const site = await crashSite(opts.root);
  const random = seededRandom(opts.seed);
  const report = { failures: [] as string[], slow: [] as string[], startToSafeMs: [] as number[], events: 0 };
  let mode = "normal";
  try {
    for (let point = 1; point <= opts.points + 1; point++) {
      const { gw, viewer, watcher, spent } = await restart(opts, site, mode);
      if (spent === null) report.failures.push(`point ${point}: outputs not back at ${mode} after restart:\n${gw.output()}`);
      else report.startToSafeMs.push(spent);
      if (spent !== null && spent > START_TO_SAFE_MS) report.slow.push(`point ${point}: ${Math.round(spent)} ms from spawn to ${mode} on every output`);
      if (point > opts.points) {
        viewer.end(true);
        await gw.kill9();
        break;
      }
      const client = await connectWhenUp(site.port, site.admin, gw.spawnedAt + 10_000, gw);
      const load = runWorkload(client, site.workload, random, STEP_GAP_MS);
      await sleep(KILL_MIN_MS + random() * KILL_SPAN_MS);
      await gw.kill9();
      const steps = load.stop();
      client.end(true);
      viewer.end(true);
      const found = checkStore(join(site.dir, "gatehouse.db"), watcher.events);
      for (const p of found.problems) report.failures.push(`point ${point}: ${p}`);
      const credentials = integrityOf(credentialsPath(join(site.dir, "gatehouse.db")));
      if (credentials !== "ok") report.failures.push(`point ${point}: credential store integrity_check: ${credentials}`);
      mode = found.mode;
      report.events = found.events;
      opts.progress?.(`point ${point}/${opts.points}: ${steps} steps, ${watcher.events.size} events seen, ${found.events} stored, mode ${mode}`);
    }
  } finally {
    rmSync(site.dir, { recursive: true, force: true });
  }
  return report;
}
