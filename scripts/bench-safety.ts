/**
 * Benchmarks of the safety paths:
 * - `lockdown_fanout_us_256`: a panic press → the decision that carries a lock effect for every one
 *   of 256 doors (median µs of many presses, each from normal mode);
 * - `credential_apply_1m_ms`: a district snapshot of 1,000,000 holders applied through the real
 *   credential sync on a real SQLite store (parts staged, indexed in slices, swapped in);
 * - `decision_pause_max_ms_during_apply`: the longest wait a badge decision had while that ran.
 * Run alone it prints one JSON object.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { loadCatalog } from "../src/catalog/load.js";
import { compileSite } from "../src/config/compile.js";
import { SiteConfigSchema } from "../src/config/schema.js";
import { createDecider } from "../src/core/decide.js";
import { initialState } from "../src/core/state.js";
import { CredentialStore } from "../src/credentials/credential-store.js";
import { CredentialSync } from "../src/credentials/credential-sync.js";
import { MAX_HOLDERS_PER_PART } from "../src/credentials/wire.js";
import { silentLogger } from "../src/log.js";
import { Engine } from "../src/runtime/engine.js";
import { systemTimers } from "../src/runtime/wake-timer.js";
import { openDatabase } from "../src/store/database.js";
import { KeyValue } from "../src/store/kv.js";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function site(doors: number) {
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
  const model = site(256);
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

const holder = (i: number) => ({
  id: `d-${String(i).padStart(7, "0")}`,
  role: "student",
  status: "active",
  access_groups: ["staff"],
  extended_unlock: false,
  badges: [{ format: "h10304", facility: 1000 + Math.floor(i / 2 ** 19), number: i % 2 ** 19 }],
});

/** Apply 1M district holders while badge decisions run; total ms and the longest decision wait. */
export async function benchCredentialApply(count = 1_000_000): Promise<{ credential_apply_1m_ms: number; decision_pause_max_ms_during_apply: number }> {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-bench-"));
  const log = silentLogger();
  const db = openDatabase(join(dir, "bench.db"), log);
  try {
    const model = site(16);
    const ports = { record: () => [], lock: () => undefined, signal: () => undefined, publishEvents: () => undefined, publishDoorState: () => undefined, publishSite: () => undefined };
    const engine = new Engine(createDecider(model), initialState(model), ports, systemTimers, log);
    const sync = new CredentialSync(model, new CredentialStore(db, new KeyValue(db)), engine, log, Date.now);
    let maxPause = 0;
    let running = true;
    let last = performance.now();
    const badge = "0" + "1".repeat(25);
    const loop = () => {
      const t = performance.now();
      maxPause = Math.max(maxPause, t - last);
      engine.submit({ kind: "badge", reader: "r-d1", read: { kind: "bits", bits: badge } });
      last = performance.now();
      if (running) setImmediate(loop);
    };
    const parts = Math.ceil(count / MAX_HOLDERS_PER_PART);
    const t0 = performance.now();
    setImmediate(loop);
    for (let p = 0; p < parts; p++) {
      const holders = Array.from({ length: Math.min(MAX_HOLDERS_PER_PART, count - p * MAX_HOLDERS_PER_PART) }, (_, k) => holder(p * MAX_HOLDERS_PER_PART + k));
      await sync.apply({ kind: "snapshot", version: "bench", part: p + 1, parts, holders: holders as never });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const total = performance.now() - t0;
    running = false;
    return { credential_apply_1m_ms: Math.round(total), decision_pause_max_ms_during_apply: Number(maxPause.toFixed(2)) };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** All safety figures. */
export async function benchSafety(): Promise<Record<string, number>> {
  return { lockdown_fanout_us_256: Number(benchFanout().toFixed(1)), ...(await benchCredentialApply()) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(JSON.stringify(await benchSafety()));
}
