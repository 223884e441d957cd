/**
 * The store the report benchmarks read: one school year of a large school, 2,000,000 events in a real
 * audit store (badges at 40 doors, door openings, forced and held doors each followed by a close,
 * modes and drills, four screening lanes, device health) and 3,000 incident records. Generated once and kept under var/ (a few
 * minutes on a Pi-class machine); later runs reuse it.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EventBody } from "../src/core/events.js";
import { INCIDENT_KINDS } from "../src/core/incident-events.js";
import { IncidentStore } from "../src/incidents/incident-store.js";
import { openDatabase } from "../src/store/database.js";
import { EventLog } from "../src/store/event-log.js";
import { silentLogger } from "../src/util/log.js";

export const EVENTS = 2_000_000;
const BATCH = 50;
const YEAR_START = Date.parse("2025-09-01T06:00:00.000Z");
const YEAR_MS = 300 * 86_400_000;
const DIR = fileURLToPath(new URL("../var/bench-report", import.meta.url));
const STORE = join(DIR, `audit-${EVENTS}.db`);
const log = silentLogger();

/** A deterministic pseudo-random stream, so every generated store is the same. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
}

const credential = { format: "h10301", facility: 1, number: 0, raw: "" };
const REASONS = ["expired", "outside_schedule", "unknown_credential", "door_not_in_group", "suspended"] as const;

function eventAt(i: number, r: () => number): EventBody[] {
  const door = `door-${Math.floor(r() * 40)}`;
  const x = r();
  if (x < 0.72) {
    const denied = r() < 0.08;
    return [{ type: "access", door, reader: `${door}-r`, result: denied ? "denied" : "granted", reason: denied ? REASONS[i % REASONS.length] ?? null : null, credential, holder: null, role: null }];
  }
  if (x < 0.94) return [{ type: "door", door, action: r() < 0.5 ? "opened" : "closed" }];
  if (x < 0.945) return [{ type: "door", door, action: r() < 0.3 ? "forced_open" : "held_open" }, { type: "door", door, action: "closed" }];
  if (x < 0.99) return [{ type: "screening", device: `wtmd-${i % 4}`, location: `lane-${i % 4}`, result: r() < 0.05 ? "alarm" : "passage", zones: [], passages: null, alarms: null }];
  if (x < 0.9995) return [{ type: "device", device: `reader-${Math.floor(r() * 60)}`, status: r() < 0.5 ? "online" : "trouble", reason: null }];
  const drill = r() < 0.7;
  const by = { silent: false, by: "admin", actor: null, location: null, reason: null };
  return [{ type: "mode", action: "raised", mode: "lockdown", previous: "normal", drill, ...by }, { type: "mode", action: "cleared", mode: "normal", previous: "lockdown", drill, ...by }];
}

function generate(): void {
  mkdirSync(DIR, { recursive: true });
  const partial = `${STORE}.partial`;
  rmSync(partial, { force: true });
  const db = openDatabase(partial, log);
  // Generation only: a lost write here costs a rerun, not an audit record.
  db.pragma("synchronous = OFF");
  const events = new EventLog(db);
  const r = random(42);
  const started = Date.now();
  for (let n = 0; n < EVENTS; ) {
    const batch: EventBody[] = [];
    while (batch.length < BATCH) batch.push(...eventAt(n + batch.length, r));
    events.append(batch, YEAR_START + Math.floor((n / EVENTS) * YEAR_MS));
    n += batch.length;
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  renameSync(partial, STORE);
  process.stderr.write(`bench-report: generated ${EVENTS} events in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const INCIDENTS = 3_000;

/** A large school's year of incident records, added once to a store that has none (two in five still open). */
function seedIncidents(): void {
  const db = openDatabase(STORE, log);
  try {
    if (db.prepare("SELECT count(*) FROM incidents").pluck().get() !== 0) return;
    db.pragma("synchronous = OFF");
    const store = new IncidentStore(db);
    const r = random(7);
    db.transaction(() => {
      for (let i = 0; i < INCIDENTS; i += 1) {
        const at = new Date(YEAR_START + Math.floor(r() * YEAR_MS)).toISOString();
        const closed = r() < 0.6 ? new Date(Date.parse(at) + Math.floor(r() * 7 * 86_400_000)).toISOString() : null;
        const row = {
          id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
          kind: INCIDENT_KINDS[Math.floor(r() * INCIDENT_KINDS.length)] ?? "other",
          place: `door-${Math.floor(r() * 40)}`,
          occurred_at: at,
          narrative: "bench",
          people: { cardholders: [], visitors: [] },
          events: [],
          alarms: [],
          status: closed === null ? ("open" as const) : ("closed" as const),
          opened_at: at,
          opened_by: "officer",
          updated_at: closed ?? at,
          updated_by: "officer",
          closed_at: closed,
          closed_by: closed === null ? null : "officer",
        };
        store.write(row, { action: "opened", at, by: "officer", changes: {} }, true);
      }
    })();
  } finally {
    db.close();
  }
}

/** The year's store, generated first if it is not there yet. */
export function benchReportStore(): string {
  if (!existsSync(STORE)) generate();
  seedIncidents();
  return STORE;
}

/** The school year the store covers, as whole days. */
export const BENCH_YEAR = { from: "2025-09-01", to: "2026-06-30" } as const;
