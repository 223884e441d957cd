/**
 * What a year's report costs the doors: a badge's decision as a client sees it (a simulated reader's
 * badge published → its `event/access` received) in the demo gateway, first quiet, then while the
 * report worker builds the school year's HTML report over 2,000,000 events (bench-report-store.ts),
 * in the same process and the same run, so the ratio is against a baseline measured minutes apart
 * on the same machine.
 * - `badge_p50_quiet_ms`, `badge_p99_quiet_ms`: decisions with nothing else running.
 * - `badge_p50_report_ms`, `badge_p99_report_ms`: decisions while the report is being built.
 * - `report_badge_p99_ratio`: the second p99 over the first; near 1 when the worker leaves the doors alone.
 * - `report_worker_s`: the report's time on the worker, badges coming meanwhile.
 * The report reads the year's store, the gateway writes its own: what is measured is the CPU and
 * memory the worker takes from the main thread, not lock contention (WAL readers take no locks
 * a writer waits for).
 *
 * `npx tsx --v8-pool-size=1 scripts/bench-report-load.ts` prints one JSON object on its last line.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { SiteClient } from "../src/client/site-client.js";
import { encodeBits, formatBadgeText } from "../src/core/badge.js";
import { periodOfDays } from "../src/reports/period.js";
import { ReportRunner } from "../src/reports/report-runner.js";
import { systemTimers } from "../src/time/timers.js";
import { silentLogger } from "../src/util/log.js";
import { bootDemo, demoModel } from "../test/helpers/demo-site.js";
import { BENCH_YEAR, benchReportStore } from "./bench-report-store.js";

/** Quiet decisions measured, after WARMUP. */
const QUIET = 400;
const WARMUP = 50;
/** Pause between badges: a busy entrance, one badge every 50 ms. */
const GAP_MS = 50;
const PAT = formatBadgeText(encodeBits("h10301", 123, 45678));

/** The q-quantile of the samples (nearest rank). */
const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
const ms = (n: number): number => Math.round(n * 100) / 100;

/** Badge after badge until `more` says stop; each sample is publish → its access event, in ms. */
async function badges(client: SiteClient, more: (count: number) => boolean): Promise<number[]> {
  const samples: number[] = [];
  let last = 0;
  while (more(samples.length)) {
    const t0 = performance.now();
    const seen = client.waitForEvent((e) => e.type === "access" && e.seq > last);
    await client.sim("rdr-main-outer-ext", { badge: PAT });
    const event = await seen;
    samples.push(performance.now() - t0);
    last = event.seq;
    await sleep(GAP_MS);
  }
  return samples;
}

const store = benchReportStore();
const site = demoModel();
const out = mkdtempSync(join(tmpdir(), "gatehouse-bench-report-load-"));
const demo = await bootDemo(site.model);
const runner = new ReportRunner({ storePath: store, dir: out, site: { id: "bench", name: "Bench High" } }, silentLogger(), systemTimers);
try {
  await badges(demo.client, (n) => n < WARMUP);
  const quiet = (await badges(demo.client, (n) => n < QUIET)).sort((a, b) => a - b);
  let done = false;
  const t0 = performance.now();
  const report = runner.run({ kind: "report", period: periodOfDays(BENCH_YEAR.from, BENCH_YEAR.to), format: "html", file: "year.html", inlineMax: 0 }).finally(() => (done = true));
  const loaded = (await badges(demo.client, () => !done)).sort((a, b) => a - b);
  await report;
  const reportS = (performance.now() - t0) / 1000;
  const result = {
    badge_p50_quiet_ms: ms(quantile(quiet, 0.5)),
    badge_p99_quiet_ms: ms(quantile(quiet, 0.99)),
    badge_p50_report_ms: ms(quantile(loaded, 0.5)),
    badge_p99_report_ms: ms(quantile(loaded, 0.99)),
    report_badge_p99_ratio: ms(quantile(loaded, 0.99) / quantile(quiet, 0.99)),
    report_worker_s: Math.round(reportS * 100) / 100,
    report_samples: loaded.length,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await runner.close();
  await demo.stop();
  site.cleanup();
  rmSync(out, { recursive: true, force: true });
}
