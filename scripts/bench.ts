/**
 * `npm run bench`: the speed and memory figures of the gateway against their targets. Runs the core
 * benchmark and, when `scripts/bench-uplink.ts` exists, the uplink benchmark, and merges their figures.
 * `npm run -s bench -- --json` prints exactly one JSON object on stdout; without it, a table.
 * Benchmarks are not tests: nothing here fails a build, it reports.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchCore } from "./bench-core.js";

/** A target on one figure: at most or at least a bound. */
interface Target {
  readonly key: string;
  readonly op: "<=" | ">=";
  readonly bound: number;
  readonly what: string;
}

/** The targets, from the project brief. */
const TARGETS: readonly Target[] = [
  { key: "decision_p99_us_1m", op: "<=", bound: 10, what: "badge decision p99 with 1M holders (µs)" },
  { key: "naive_ratio", op: ">=", bound: 1000, what: "naive linear scan / decision" },
  { key: "sqlite_ratio", op: ">=", bound: 2, what: "SQLite lookup / decision" },
  { key: "lockdown_fanout_us_256", op: "<=", bound: 1000, what: "lockdown fan-out to 256 doors (µs)" },
  { key: "rss_mb_1m", op: "<=", bound: 200, what: "RSS with 1M holders loaded (MB)" },
  { key: "drain_100k_s", op: "<=", bound: 10, what: "drain 100k queued events to the district (s)" },
  { key: "panic_to_district_p99_ms", op: "<=", bound: 50, what: "panic press to district alert p99 (ms)" },
  { key: "decision_pause_max_ms_during_apply", op: "<=", bound: 5, what: "longest decision pause while a list applies (ms)" },
];

/** Benchmarks written separately, run when their file exists: [file under scripts/ without extension, export]. */
const OPTIONAL: readonly (readonly [string, string])[] = [
  ["bench-safety", "benchSafety"],
  ["bench-uplink", "benchUplink"],
];

/** A separately written benchmark's figures, or {} when its file is absent. */
async function optionalFigures(file: string, name: string): Promise<Record<string, number>> {
  if (!existsSync(fileURLToPath(new URL(`./${file}.ts`, import.meta.url)))) return {};
  // A computed specifier: the file may be absent, and a literal one would fail the type check then.
  const mod = (await import(new URL(`./${file}.js`, import.meta.url).href)) as Record<string, unknown>;
  const run = mod[name];
  if (typeof run !== "function") throw new Error(`scripts/${file}.ts does not export ${name}()`);
  return (await run()) as Record<string, number>;
}

function verdict(t: Target, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "not measured";
  const met = t.op === "<=" ? value <= t.bound : value >= t.bound;
  return met ? "met" : "MISSED";
}

/** The figures as a table: targets first (met, missed or not measured), then every other figure. */
function table(figures: Record<string, number>): string {
  const rows: string[][] = [["figure", "value", "target", "verdict"]];
  for (const t of TARGETS) rows.push([t.key, String(figures[t.key] ?? "—"), `${t.op} ${t.bound}`, verdict(t, figures[t.key])]);
  const targeted = new Set(TARGETS.map((t) => t.key));
  for (const [key, value] of Object.entries(figures)) if (!targeted.has(key)) rows.push([key, String(value), "", ""]);
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  const line = (r: string[]): string => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  ").trimEnd();
  const legend = TARGETS.map((t) => `  ${t.key}: ${t.what}`);
  return [line(rows[0] ?? []), ...rows.slice(1).map(line), "", ...legend].join("\n");
}

/**
 * Runs both benchmarks. With --json, anything a benchmark writes to stdout is sent to stderr while it
 * runs, so that stdout carries the one JSON object and nothing else.
 */
async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const write = process.stdout.write.bind(process.stdout);
  if (json) process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  const figures: Record<string, number> = {};
  const failures: unknown[] = [];
  const runs = [benchCore, ...OPTIONAL.map(([file, name]) => () => optionalFigures(file, name))];
  for (const run of runs) {
    try {
      Object.assign(figures, await run());
    } catch (err) {
      failures.push(err); // one benchmark failing still reports the other's figures
    }
  }
  process.stdout.write = write;
  write(json ? `${JSON.stringify(figures)}\n` : `${table(figures)}\n`);
  for (const err of failures) process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

await main();
