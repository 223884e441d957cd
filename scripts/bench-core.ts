/**
 * Benchmark of the decision core at controller scale: full `decide()` calls for badge reads with 250k and 1M cardholders
 * loaded, against a naive linear scan and an indexed SQLite lookup, plus the index build time and the resident memory
 * of a 1M-holder site (in a child process, so this process's own work does not count). Run alone it prints JSON.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { loadCatalog } from "../src/catalog/load.js";
import { ProfileInterner } from "../src/config/compile-access.js";
import { compileSite } from "../src/config/compile.js";
import { type SiteConfig, SiteConfigSchema } from "../src/config/schema.js";
import { credentialKey, encodeBits } from "../src/core/badge.js";
import { CredentialIndex, type CredentialRecord, type KnownFormat } from "../src/core/credential-index/credential-index.js";
import { createDecider } from "../src/core/decide.js";
import type { Input } from "../src/core/inputs.js";
import type { SiteModel } from "../src/core/model.js";
import { initialState } from "../src/core/state.js";

/** Monday 2026-11-23 10:00 in Chicago: a school day, inside the "school-day" schedule. */
const NOW = Date.parse("2026-11-23T10:00:00-06:00");
const HOUR = 3_600_000;
/** 64 doors in four wings of 16, as a large school or a small campus has. */
const [DOORS, WING] = [64, 16];
/** Access-group sets, interned in this order so that the profile number is the index here. */
const PROFILES: readonly (readonly string[])[] = [["wing-0"], ["wing-1"], ["wing-2"], ["wing-3"], ["all"], ["visit"], ["wing-2", "wing-3"]];
const [STAFF_PROFILE, VISITOR_PROFILE, CONTRACTOR_PROFILE] = [4, 5, 6];

const door = (d: number): string => `d${String(d).padStart(2, "0")}`;
/** Knuth's multiplicative hash into per mille: a reproducible spread of holders over roles, statuses and reads. */
const spread = (i: number, salt = 0): number => (Math.imul(i ^ salt, 2654435761) >>> 0) % 1000;
/** Distinct salts (murmur constants), so that each draw is independent of the others. */
const SALT = { status: 0x5bd1e995, read: 0x27d4eb2f, naive: 0x68e31da4, sqlite: 0x1b873593 } as const;
/** A large prime: the holders that consecutive reads use are found far apart. */
const START = 104729;
/** Holder k of a reproducible draw over up to a million holders (two per-mille draws). */
const drawn = (k: number, salt: number, n: number): number => (spread(k, salt) * 1000 + spread(k, salt + 1)) % n;

/** The site configuration (64 doors, wings, schedules) as district IT would write it, without cardholders. */
function siteConfig(): SiteConfig {
  const ids = Array.from({ length: DOORS }, (_, d) => door(d));
  const wings = [0, 1, 2, 3].map((w) => ({ id: `wing-${w}`, doors: ids.slice(w * WING, (w + 1) * WING), schedule: "school-day" }));
  return SiteConfigSchema.parse({
    site: { id: "bench", name: "Bench School", timezone: "America/Chicago" },
    devices: ids.flatMap((d) => [["r", "badge-reader"], ["lk", "strike"], ["dc", "door-contact"]].map(([p, m]) => ({ id: `${p}-${d}`, model: `sim/${m}` }))),
    doors: ids.map((d, n) => ({
      id: d, name: `Door ${d}`, groups: [n % WING === 0 ? "exterior" : "interior"], readers: [`r-${d}`], lock: `lk-${d}`, contact: `dc-${d}`,
    })),
    access_groups: [...wings, { id: "all", door_groups: ["exterior", "interior"] }, { id: "visit", doors: ids.slice(0, WING) }],
    schedules: [{ id: "school-day", windows: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "07:00", to: "17:00" }] }],
  });
}

/**
 * THE place that builds the site model the benchmark decides against: the real compiler for doors,
 * schedules and safety rules, then `records` as the credential index with the PROFILES numbering.
 * Adapt this one function when the model changes.
 */
export function buildSiteModel(records: Iterable<CredentialRecord>): SiteModel {
  const core = compileSite(siteConfig(), loadCatalog().catalog, "/", []).core;
  const interner = new ProfileInterner(core.accessGroups);
  PROFILES.forEach((groups, i) => {
    if (interner.intern(groups) !== i) throw new Error(`profile ${groups.join("+")} is not number ${i}`);
  });
  return { ...core, credentials: CredentialIndex.build(records), profiles: interner.profiles, profileGroups: interner.groupIds };
}

/** A known-format badge as findKnown takes it. */
type Fields = [format: KnownFormat, facility: number, number: number];
const fields = (h: CredentialRecord): Fields => {
  const b = h.badges[0] as ReturnType<typeof badgeOf>;
  return [b.format, b.facility, b.number];
};

/** The one badge of holder i: unique per holder, in the three formats (10% Corp 1000, 10% H10301, rest H10304). */
function badgeOf(i: number): { format: KnownFormat; facility: number; number: number } {
  if (i % 10 === 0) return { format: "corp1000", facility: 1001, number: i % 2 ** 20 };
  if (i % 10 === 1) return { format: "h10301", facility: i % 256, number: Math.floor(i / 256) % 2 ** 16 };
  return { format: "h10304", facility: 100 + Math.floor(i / 2 ** 19), number: i % 2 ** 19 };
}

/** Holder i: 90% students in one wing, 7% staff, 1% each security, visitors (half expired), contractors; 0.8% not active. */
function holderOf(i: number): CredentialRecord {
  const r = spread(i);
  const s = spread(i, SALT.status);
  const visitor = r >= 980 && r < 990;
  const expired = visitor && i % 2 === 0;
  return {
    holderId: `h${i}`,
    role: r < 900 ? "student" : r < 970 ? "staff" : r < 980 ? "security" : visitor ? "visitor" : "contractor",
    status: s < 5 ? "suspended" : s < 8 ? "lost" : "active",
    validFrom: visitor ? NOW - 9 * HOUR : null,
    validUntil: visitor ? (expired ? NOW - HOUR : NOW + 8 * HOUR) : null,
    profile: r < 900 ? i % 4 : r < 980 ? STAFF_PROFILE : visitor ? VISITOR_PROFILE : CONTRACTOR_PROFILE,
    pin: null, extendedUnlock: i % 50 === 0, badges: [badgeOf(i)],
  };
}

/** Holders 0..n-1, generated one at a time so a stream of them never sits in memory at once. */
export function* holders(n: number): Generator<CredentialRecord> {
  for (let i = 0; i < n; i++) yield holderOf(i);
}

/** Badge reads at the site's readers, for `n` holders: ~55% grants, 15% unknown, 10% wrong door, 8% expired, 7% parity errors, 5% suspended/lost. */
export function readMix(n: number, count: number): Input[] {
  const find = (from: number, ok: (h: CredentialRecord) => boolean): CredentialRecord => {
    // 7919, a prime: the stride visits every holder unless n is a multiple of it.
    for (let k = 0, i = from % n; k < n; k++, i = (i + 7919) % n) if (ok(holderOf(i))) return holderOf(i);
    throw new Error("no holder of the kind a read needs");
  };
  const bitsOf = (h: CredentialRecord): string => encodeBits(...fields(h));
  const read = (reader: string, bits: string): Input => ({ kind: "badge", reader, read: { kind: "bits", bits } });
  const student = (h: CredentialRecord): boolean => h.role === "student" && h.status === "active";
  return Array.from({ length: count }, (_, k) => {
    const pick = spread(k, SALT.read);
    const at = (wing: number): string => `r-${door(wing * WING + (k % WING))}`;
    if (pick < 550) {
      const h = find(k * START, (x) => (student(x) || x.profile === STAFF_PROFILE) && x.status === "active");
      return read(at(h.profile === STAFF_PROFILE ? k % 4 : h.profile), bitsOf(h));
    }
    if (pick < 700) return read(at(k % 4), encodeBits("h10304", 9999, k % 2 ** 19));
    if (pick < 800) {
      const h = find(k * START, student);
      return read(at((h.profile + 1) % 4), bitsOf(h));
    }
    if (pick < 880) return read(at(0), bitsOf(find(k * START, (x) => x.role === "visitor" && (x.validUntil ?? NOW) < NOW)));
    if (pick < 950) {
      const bits = bitsOf(find(k * START, student)); // bit 5 is under a parity bit in all three formats
      return read(at(k % 4), `${bits.slice(0, 4)}${bits[4] === "1" ? "0" : "1"}${bits.slice(5)}`);
    }
    return read(at(k % 4), bitsOf(find(k * START, (x) => x.status !== "active")));
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Number.NaN;
const usSince = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1000;
const log = (msg: string): boolean => process.stderr.write(`bench-core: ${msg}\n`);

/** Batches of this many calls give the median; a sample timed call by call gives p99. Reads cycle through a pool of POOL. */
const [POOL, MASK] = [4096, 4095];
const BATCH = 1000;
const BATCHES = 200;
const SAMPLE = 50_000;
const RUNS = 3;

/** Median (of batch means) and p99 (per call) decision latency in µs, each the median over RUNS runs. */
function timeDecisions(model: SiteModel): { p50: number; p99: number } {
  const decide = createDecider(model);
  const state = initialState(model);
  const inputs = readMix(model.credentials.holderCount, POOL);
  let sink = 0;
  for (let i = 0; i < 100_000; i++) sink += decide(state, inputs[i & MASK] as Input, NOW).effects.length; // warm up the JIT
  const [p50s, p99s]: [number[], number[]] = [[], []];
  for (let run = 0; run < RUNS; run++) {
    const means: number[] = [];
    for (let b = 0; b < BATCHES; b++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < BATCH; i++) sink += decide(state, inputs[(b * BATCH + i) & MASK] as Input, NOW).effects.length;
      means.push(usSince(t0) / BATCH);
    }
    const calls: number[] = [];
    for (let i = 0; i < SAMPLE; i++) {
      const t0 = process.hrtime.bigint();
      sink += decide(state, inputs[i & MASK] as Input, NOW).effects.length;
      calls.push(usSince(t0));
    }
    p50s.push(median(means));
    p99s.push(quantile(calls, 0.99));
  }
  if (sink === 0) throw new Error("no decision produced an effect");
  return { p50: median(p50s), p99: median(p99s) };
}

const keyOf = (r: CredentialRecord): string => credentialKey(...fields(r));

/** Median ns of CredentialIndex.findKnown alone for the badges of drawn holders, for comparison with a whole decision. */
function timeLookup(model: SiteModel): number {
  const badges = Array.from({ length: POOL }, (_, k) => fields(holderOf(drawn(k, SALT.read, model.credentials.holderCount))));
  const means: number[] = [];
  let found = 0;
  for (let b = 0; b < BATCHES; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) found += model.credentials.findKnown(...(badges[(b * BATCH + i) & MASK] as Fields)) >= 0 ? 1 : 0;
    means.push((usSince(t0) * 1000) / BATCH);
  }
  if (found !== BATCHES * BATCH) throw new Error("the index lost a badge");
  return median(means);
}

/** Median µs of a linear scan over {key, holder} pairs comparing strings, for member keys. */
function timeNaive(records: readonly CredentialRecord[], lookups: number): number {
  const table = records.map((r) => ({ key: keyOf(r), holder: r.holderId }));
  const times: number[] = [];
  let found = 0;
  for (let k = 0; k <= lookups; k++) {
    const key = keyOf(holderOf(drawn(k, SALT.naive, records.length))); // a fresh string: no identity shortcut
    const t0 = process.hrtime.bigint();
    for (const e of table) if (e.key === key) { found += e.holder.length; break; }
    if (k > 0) times.push(usSince(t0)); // the first scan flattens every key string: warm-up
  }
  if (found === 0) throw new Error("naive scan found nothing");
  return median(times);
}

/** Median µs of a prepared better-sqlite3 lookup by key in an indexed table of the holders (temp file). */
function timeSqlite(records: readonly CredentialRecord[]): number {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-bench-"));
  const db = new Database(join(dir, "credentials.db"));
  try {
    db.exec(`CREATE TABLE credential (key TEXT PRIMARY KEY, holder_id TEXT NOT NULL, role TEXT NOT NULL, status TEXT NOT NULL,
      valid_from INTEGER, valid_until INTEGER, profile INTEGER NOT NULL)`);
    const insert = db.prepare("INSERT INTO credential VALUES (?, ?, ?, ?, ?, ?, ?)");
    db.transaction(() => {
      for (const r of records) insert.run(keyOf(r), r.holderId, r.role, r.status, r.validFrom, r.validUntil, r.profile);
    })();
    const select = db.prepare("SELECT holder_id, role, status, valid_from, valid_until, profile FROM credential WHERE key = ?");
    const keys = Array.from({ length: POOL }, (_, k) => keyOf(holderOf(drawn(k, SALT.sqlite, records.length))));
    const means: number[] = [];
    let hits = 0;
    for (let b = 0; b < 60; b++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < BATCH; i++) if (select.get(keys[(b * BATCH + i) & MASK]) !== undefined) hits++;
      if (b >= 10) means.push(usSince(t0) / BATCH); // the first 10 batches warm the page cache
    }
    if (hits === 0) throw new Error("sqlite found nothing");
    return median(means);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median ms to build the 1M index from records already in memory, over RUNS builds. */
function timeLoad(records: readonly CredentialRecord[]): number {
  return median(Array.from({ length: RUNS }, () => {
    const t0 = process.hrtime.bigint();
    if (CredentialIndex.build(records).holderCount !== records.length) throw new Error("index lost holders");
    return usSince(t0) / 1000;
  }));
}

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** In the child: RSS before and after building a 1M-holder site model from a stream of records. */
function rssChild(): void {
  gc();
  const baseline = process.memoryUsage().rss;
  const model = buildSiteModel(holders(1_000_000));
  const decide = createDecider(model);
  decide(initialState(model), readMix(1_000_000, 1)[0] as Input, NOW);
  gc(); // twice: the first pass can leave work for a second (weak references, finalizers)
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ rss_mb: mb(rss), baseline_mb: mb(baseline), heap_mb: mb(heapUsed), holders: model.credentials.holderCount })}\n`);
}

/** Runs the RSS measurement in a fresh process, started with this one's node options and `--expose-gc`. */
function measureRss(): { rss_mb: number; baseline_mb: number; heap_mb: number } {
  const args = [...process.execArgv, "--expose-gc", fileURLToPath(import.meta.url), "--rss-child"];
  const child = spawnSync(process.execPath, args, { cwd: fileURLToPath(new URL("..", import.meta.url)), encoding: "utf8" });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{")) throw new Error(`RSS child failed (${child.status}): ${child.stderr.slice(-2000)}`);
  return JSON.parse(line) as { rss_mb: number; baseline_mb: number; heap_mb: number };
}

/** Every core figure; progress goes to stderr. */
export async function benchCore(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const n of [250_000, 1_000_000]) {
    const tag = n === 1_000_000 ? "1m" : "250k";
    log(`building a ${tag} site`);
    const records = Array.from(holders(n));
    const model = buildSiteModel(records);
    log(`timing decisions at ${tag}`);
    const { p50, p99 } = timeDecisions(model);
    [out[`decision_p50_us_${tag}`], out[`decision_p99_us_${tag}`]] = [round(p50, 3), round(p99, 3)];
    if (n !== 1_000_000) continue;
    log("timing the index build, a naive scan and SQLite at 1m");
    out.load_ms_1m = round(timeLoad(records), 1);
    out.index_lookup_ns_1m = round(timeLookup(model), 1);
    out.naive_lookup_us_1m = round(timeNaive(records, 300), 1);
    out.naive_ratio = round(out.naive_lookup_us_1m / p50, 0);
    out.sqlite_lookup_us_1m = round(timeSqlite(records), 3);
    out.sqlite_ratio = round(out.sqlite_lookup_us_1m / p50, 2);
  }
  log("measuring RSS of a 1m site in a child process");
  const rss = measureRss();
  [out.rss_mb_1m, out.rss_mb_baseline] = [rss.rss_mb, rss.baseline_mb];
  return out;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && process.argv.includes("--rss-child")) rssChild();
else if (isMain) process.stdout.write(`${JSON.stringify(await benchCore())}\n`);
