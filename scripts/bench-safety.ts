/**
 * Benchmarks of the safety paths:
 * - `lockdown_fanout_us_256`: a panic press → the decision that carries a lock effect for every one
 *   of 256 doors (median µs of many presses, each from normal mode);
 * - `credential_apply_1m_ms`: a district snapshot of 1,000,000 holders applied through the real
 *   credential sync on a real SQLite store: each part's payload read, validated, staged and indexed
 *   by the credential worker, the index swapped in (the parts
 *   are made by a "district" thread, as the district is a machine of its own);
 * - `decision_pause_max_ms_during_apply` and `_p999_`: how late a badge due every millisecond was
 *   decided while that ran, at worst and at the 99.9th percentile;
 * - `decision_pause_max_ms_baseline` and `_p999_`: the same over five quiet seconds just before,
 *   the machine's own noise to read the figures against;
 * - `decision_pause_max_ms_memory_load` and `_p999_`: the same over five seconds while another
 *   process, at the lowest priority, streams through memory (bench-memory-load): what the machine
 *   does to the main thread when its memory is busy, whoever makes it busy. On a virtual machine
 *   shared with others this alone can stall the main thread for 10 ms.
 * Run it as the gateway runs, with one V8 helper thread (see src/util/helper-threads.ts):
 * `npx tsx --v8-pool-size=1 scripts/bench-safety.ts` prints one JSON object.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { once } from "node:events";
import { loadCatalog } from "../src/catalog/load.js";
import { compileSite } from "../src/config/compile.js";
import { SiteConfigSchema } from "../src/config/schema.js";
import { encodeBits } from "../src/core/badge.js";
import { createDecider } from "../src/core/decide.js";
import type { EventBody } from "../src/core/events.js";
import { initialState } from "../src/core/state.js";
import { CredentialSync } from "../src/credentials/credential-sync.js";
import { MAX_HOLDERS_PER_PART } from "../src/bus/request-schemas.js";
import { silentLogger } from "../src/util/log.js";
import { Engine } from "../src/runtime/engine.js";
import { systemTimers } from "../src/time/timers.js";
import { HELPER_THREADS_OPTION, helperThreadsChosen } from "../src/util/helper-threads.js";
import { startModuleWorker } from "../src/util/module-worker.js";
import { backgroundOtherThreads } from "../src/util/thread-priority.js";
import { benchHolder } from "./bench-holder.js";

/** How long the baseline probe runs: long enough for this machine's usual hiccups to show. */
const QUIET_MS = 5000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export function benchSite(doors: number) {
  const ids = Array.from({ length: doors }, (_, d) => `d${d}`);
  const config = SiteConfigSchema.parse({
    site: { id: "bench", name: "Bench", timezone: "America/Chicago" },
    devices: [
      ...ids.flatMap((d) => [
        { id: `r-${d}`, model: "sim/badge-reader" },
        { id: `lk-${d}`, model: "sim/strike" },
      ]),
      { id: "panic", model: "sim/panic-button" },
    ],
    // Every door stands unlocked on a schedule (open hours), so a lockdown has every lock to move.
    doors: ids.map((d, n) => ({
      id: d, name: d, groups: [n % 8 === 0 ? "exterior" : "interior"], readers: [`r-${d}`], lock: `lk-${d}`, unlock_schedule: "open",
    })),
    schedules: [{ id: "open", holidays: "ignore", windows: [{ days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], from: "00:00", to: "24:00" }] }],
    access_groups: [{ id: "staff", door_groups: ["exterior", "interior"] }],
    cardholders: [{ id: "h-1", name: "Bench", role: "staff", access_groups: ["staff"], badges: [{ format: "h10301", facility: 1, number: 1 }] }],
  });
  return compileSite(config, loadCatalog().catalog, "/", []).core;
}

/** Median µs from panic press to a decision holding 256 lock effects. */
export function benchFanout(): number {
  const model = benchSite(256);
  const decide = createDecider(model);
  const start = decide(initialState(model), { kind: "tick" }, 0).state;
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = process.hrtime.bigint();
    const d = decide(start, { kind: "panic", device: "panic", pressed: true }, 1000 + i);
    const t1 = process.hrtime.bigint();
    const locks = d.effects.filter((e) => e.type === "lock").length;
    if (locks !== 256) throw new Error(`fan-out produced ${locks} lock effects, not 256`);
    if (i >= 200) samples.push(Number(t1 - t0) / 1000);
  }
  return median(samples);
}

/** Pause figures in ms: the longest wait of a due badge, and the wait 999 in 1000 stayed under. */
interface Waits {
  readonly max: number;
  readonly p999: number;
}

/**
 * Badges due every millisecond, as inputs from readers arrive (a thousand times a busy entrance);
 * each one's wait is how late the event loop got to it.
 */
function badgeProbe(engine: Engine): { stop(): Waits } {
  const waits: number[] = [];
  const badge = "0" + "1".repeat(25);
  let due = performance.now() + 1;
  const timer = setInterval(() => {
    waits.push(performance.now() - due);
    engine.submit({ kind: "badge", reader: "r-d1", read: { kind: "bits", bits: badge } });
    due = performance.now() + 1;
  }, 1);
  return {
    stop: () => {
      clearInterval(timer);
      waits.sort((x, y) => x - y);
      const at = (q: number) => Number((waits[Math.min(waits.length - 1, Math.floor(q * waits.length))] ?? 0).toFixed(2));
      return { max: at(1), p999: at(0.999) };
    },
  };
}

/** The badge waits while another process loads the machine's memory for `ms` (see bench-memory-load). */
async function underMemoryLoad(engine: Engine, ms: number): Promise<Waits> {
  const load = fork(new URL("./bench-memory-load.ts", import.meta.url), [String(ms)]);
  const exited = once(load, "exit");
  await once(load, "message");
  const probe = badgeProbe(engine);
  await exited;
  return probe.stop();
}

/**
 * The district side: a thread that makes the parts of a `count`-holder snapshot. `start()` starts
 * it and has it make the first part before any clock runs (the district is a machine of its own,
 * already running); `send()` then passes every part to the credential sync, as the router would,
 * each after the answer to the one before, and resolves the last answer.
 */
function district(count: number) {
  const thread = startModuleWorker("bench-district", import.meta.url, { count, perPart: MAX_HOLDERS_PER_PART }, "background");
  const make = async (part: number): Promise<Uint8Array> => {
    thread.postMessage(part);
    const [bytes] = (await once(thread, "message")) as [Uint8Array];
    return bytes;
  };
  const first = make(1);
  return {
    ready: () => first,
    async send(sync: CredentialSync): Promise<unknown> {
      try {
        let answer: unknown;
        for (let p = 1; p <= Math.ceil(count / MAX_HOLDERS_PER_PART); p++) {
          answer = (await sync.apply(p === 1 ? await first : await make(p))).data;
        }
        return answer;
      } finally {
        await thread.terminate();
      }
    },
  };
}

/**
 * Apply 1M district holders while badges are decided: total ms, and the waits of the badges, with
 * the same waits over a quiet stretch and under another process's memory load just before, as the
 * baselines (this machine's own noise).
 */
export async function benchCredentialApply(count = 1_000_000): Promise<Record<string, number>> {
  if (!helperThreadsChosen()) {
    process.stderr.write(`bench: node runs without ${HELPER_THREADS_OPTION}, unlike the gateway: the pauses will read high\n`);
  }
  // As `gatehouse run` does at start: this thread decides, node's own threads yield to it.
  backgroundOtherThreads();
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-bench-"));
  const log = silentLogger();
  const model = benchSite(16);
  let recorded: readonly EventBody[] = [];
  const ports = { record: (bodies: readonly EventBody[]) => ((recorded = bodies), []), lock: () => undefined, signal: () => undefined, publishEvents: () => undefined, publishDoorState: () => undefined, publishSite: () => undefined };
  const engine = new Engine(createDecider(model), initialState(model), ports, systemTimers, log);
  const sync = new CredentialSync(model, join(dir, "bench.credentials.db"), engine, log, Date.now);
  try {
    const quiet = badgeProbe(engine);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    const baseline = quiet.stop();
    const loaded = await underMemoryLoad(engine, QUIET_MS);
    const sender = district(count);
    await sender.ready();
    const probe = badgeProbe(engine);
    const t0 = performance.now();
    const answer = await sender.send(sync);
    const total = performance.now() - t0;
    const during = probe.stop();
    checkApplied(engine, () => recorded, answer, count);
    return {
      credential_apply_1m_ms: Math.round(total),
      decision_pause_max_ms_during_apply: during.max,
      decision_pause_p999_ms_during_apply: during.p999,
      decision_pause_max_ms_baseline: baseline.max,
      decision_pause_p999_ms_baseline: baseline.p999,
      decision_pause_max_ms_memory_load: loaded.max,
      decision_pause_p999_ms_memory_load: loaded.p999,
    };
  } finally {
    await sync.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures count only if the whole list went live and its last holder is known at the door. */
function checkApplied(engine: Engine, recorded: () => readonly EventBody[], answer: unknown, count: number): void {
  const holders = (answer as { holders?: unknown } | undefined)?.holders;
  if (holders !== count) throw new Error(`the snapshot applied ${String(holders)} holders, not ${count}`);
  const last = benchHolder(count - 1);
  const badge = last.badges[0] ?? { facility: 0, number: 0 };
  engine.submit({ kind: "badge", reader: "r-d1", read: { kind: "bits", bits: encodeBits("h10304", badge.facility, badge.number) } });
  const access = recorded().find((e) => e.type === "access");
  if (access?.type !== "access" || access.holder !== last.id) throw new Error("the last district holder is not known after the apply");
}

/** All safety figures. */
export async function benchSafety(): Promise<Record<string, number>> {
  return { lockdown_fanout_us_256: Number(benchFanout().toFixed(1)), ...(await benchCredentialApply()) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(JSON.stringify(await benchSafety()));
}
