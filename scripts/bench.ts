/**
 * `npm run bench`: the speed and memory figures of the gateway against their targets. Runs the core,
 * safety, uplink, badge, broker-abuse report and console benchmarks, each in a process of its own started as this one was (so with the
 * gateway's node options): one benchmark's heap and threads never weigh on another's figures, as a
 * gateway starts clean too. `npm run -s bench -- --json` prints exactly one JSON object on stdout;
 * without it, a table. Benchmarks are not tests: nothing here fails a build, it reports.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/** A target on one figure: at most or at least a bound. */
interface Target {
  readonly key: string;
  readonly op: "<=" | ">=";
  readonly bound: number;
  readonly what: string;
}

/** The targets the gateway is held to. */
const TARGETS: readonly Target[] = [
  { key: "decision_p99_us_1m", op: "<=", bound: 10, what: "badge decision p99 with 1M holders (µs)" },
  { key: "naive_ratio", op: ">=", bound: 1000, what: "naive linear scan / decision" },
  { key: "sqlite_ratio", op: ">=", bound: 2, what: "SQLite lookup / decision" },
  { key: "lockdown_fanout_us_256", op: "<=", bound: 1000, what: "lockdown fan-out to 256 doors (µs)" },
  { key: "rss_mb_1m", op: "<=", bound: 200, what: "RSS with 1M holders loaded (MB)" },
  { key: "drain_100k_s", op: "<=", bound: 10, what: "drain 100k queued events to the district (s)" },
  { key: "panic_to_district_p99_ms", op: "<=", bound: 50, what: "panic press to district alert p99 (ms)" },
  { key: "panic_to_district_p99_ms_during_100k_drain", op: "<=", bound: 50, what: "panic to district p99 while 100k events drain (ms)" },
  { key: "decision_pause_max_ms_during_apply", op: "<=", bound: 5, what: "longest decision pause while a list applies (ms)" },
  { key: "badge_to_unlock_p99_ms", op: "<=", bound: 2, what: "serial badge frame to lock output p99 (ms)" },
  { key: "check_rss_mb_100k", op: "<=", bound: 200, what: "RSS of gatehouse check on 100k CSV cardholders (MB)" },
  { key: "check_rss_mb_100k_yaml", op: "<=", bound: 200, what: "RSS of gatehouse check on 100k people.yaml cardholders (MB)" },
  { key: "run_rss_mb_100k", op: "<=", bound: 200, what: "RSS of gatehouse run to online on 100k CSV cardholders (MB)" },
  { key: "run_rss_mb_100k_yaml", op: "<=", bound: 200, what: "RSS of gatehouse run to online on 100k people.yaml cardholders (MB)" },
  { key: "screening_p99_ms_1m", op: "<=", bound: 20, what: "one sign-in screened against a 1M-entry watch list p99 (ms)" },
  { key: "cold_start_to_safe_ms", op: "<=", bound: 1000, what: "gatehouse run with a stored lockdown to every lock locked (ms)" },
  { key: "osdp_frame_to_decision_p99_us", op: "<=", bound: 500, what: "last byte of an OSDP card read to the core's decision p99 (µs)" },
  { key: "osdp_poll_period_ratio_1dead", op: "<=", bound: 2, what: "poll period of 8 OSDP readers with 1 dead / all answering" },
  { key: "decision_abuse_ratio", op: "<=", bound: 2, what: "badge decision p99 while bad clients flood the broker / quiet p99, same run" },
  { key: "report_year_s", op: "<=", bound: 10, what: "report over a school year of 2,000,000 events (s)" },
  { key: "report_badge_p99_ratio", op: "<=", bound: 2, what: "badge decision p99 while a year's report builds / quiet p99, same run" },
  { key: "console_event_to_dom_p99_ms", op: "<=", bound: 100, what: "door state published → shown in the web console in Chromium p99 (ms)" },
  { key: "console_js_gzip_kb", op: "<=", bound: 100, what: "JavaScript the web console serves, gzipped (KB)" },
];

/** The benchmarks, by file under scripts/; each prints one JSON object of figures as its last line. */
const BENCHMARKS: readonly string[] = [
  "bench-core.ts",
  "bench-safety.ts",
  "bench-uplink.ts",
  "bench-badge.ts",
  "bench-config.ts",
  "bench-cold-start.ts",
  "bench-osdp.ts",
  "bench-abuse.ts",
  "bench-screening.ts",
  "bench-report.ts",
  "bench-report-load.ts",
  "bench-console.ts",
];

/** Run one benchmark in a process of its own; its progress goes to stderr, its figures come back. */
async function figuresOf(file: string): Promise<Record<string, number>> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL(`./${file}`, import.meta.url))], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (out += text));
  const [code] = (await once(child, "close")) as [number | null];
  const lines = out.trim().split("\n");
  const last = lines.pop() ?? "";
  if (lines.length > 0) process.stderr.write(`${lines.join("\n")}\n`);
  if (code !== 0 || !last.startsWith("{")) throw new Error(`scripts/${file} exited with code ${code} and no figures`);
  return JSON.parse(last) as Record<string, number>;
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

/** Runs every benchmark, one after another (never two at once: each would read the other as noise). */
async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const figures: Record<string, number> = {};
  const failures: unknown[] = [];
  for (const file of BENCHMARKS) {
    try {
      Object.assign(figures, await figuresOf(file));
    } catch (err) {
      failures.push(err); // one benchmark failing still reports the others' figures
    }
  }
  process.stdout.write(json ? `${JSON.stringify(figures)}\n` : `${table(figures)}\n`);
  for (const err of failures) process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

await main();
