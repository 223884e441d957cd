/**
 * Benchmark of the audit log's hash chain:
 * - `chain_hash_us`: one event's chain hash (the cost added to every append), median over 1M events;
 * - `verify_1m_s` / `verify_1m_cpu_s`: `verifyChain` over a store of 1,000,000 routine events, as
 *   `gatehouse verify-log` runs it (read-only handle, one snapshot): wall time, and the CPU time it
 *   took (the figure to read on a shared, busy machine, where wall time waits for the scheduler).
 *
 * `npx tsx --v8-pool-size=1 scripts/bench-verify-log.ts` prints one JSON object.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import BetterSqlite3 from "better-sqlite3";
import { chainHash, GENESIS_HASH } from "../src/store/audit-chain.js";
import { verifyChain } from "../src/store/chain-verify.js";
import { openDatabase } from "../src/store/database.js";
import { EventLog } from "../src/store/event-log.js";
import { silentLogger } from "../src/util/log.js";
import { appendRoutine } from "../test/helpers/uplink-harness.js";

const EVENTS = 1_000_000;

function hashCost(): number {
  const rows = Array.from({ length: 1000 }, (_, i) => ({
    seq: i + 1,
    id: "5b0c8c3e-2d2a-4c55-9a3e-0e6f1a2b3c4d",
    ts: "2026-11-23T15:02:11.482Z",
    type: "access",
    body: JSON.stringify({ id: "5b0c8c3e-2d2a-4c55-9a3e-0e6f1a2b3c4d", seq: i + 1, ts: "2026-11-23T15:02:11.482Z", type: "access", door: "main-entrance", reader: "rdr-main", result: "granted", reason: null, credential: { format: "h10301", facility: 12, number: 40210, raw: "0".repeat(26) }, holder: "s-104233", role: "student" }),
  }));
  const samples: number[] = [];
  let prev = GENESIS_HASH;
  for (let round = 0; round < EVENTS / rows.length; round++) {
    const t0 = performance.now();
    for (const row of rows) prev = chainHash(prev, row);
    samples.push(((performance.now() - t0) * 1000) / rows.length);
  }
  samples.sort((a, b) => a - b);
  return Number((samples[samples.length >> 1] ?? 0).toFixed(3));
}

const dir = mkdtempSync(join(tmpdir(), "gatehouse-bench-chain-"));
try {
  const path = join(dir, "gatehouse.db");
  const db = openDatabase(path, silentLogger());
  db.pragma("synchronous = OFF"); // building the store is not timed
  appendRoutine(new EventLog(db), EVENTS, 10_000);
  db.close();
  const reader = new BetterSqlite3(path, { readonly: true });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = verifyChain(reader);
  const verify = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  reader.close();
  if (report.broken !== null || report.checked !== EVENTS) throw new Error(`unexpected report ${JSON.stringify(report)}`);
  console.log(JSON.stringify({ chain_hash_us: hashCost(), verify_1m_s: Number(verify.toFixed(2)), verify_1m_cpu_s: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
