/**
 * Screening benchmark: one sign-in screened against a watch list of 1,000,000 entries (p50/p99 of
 * each screening), the list's build time and memory, and precision and recall on the labelled set
 * (test/fixtures/screening) with its entries among the million. Prints one JSON object last.
 */
import { performance } from "node:perf_hooks";
import { screen } from "../src/screening/screen.js";
import { WatchIndexBuilder } from "../src/screening/watch-index.js";
import { evaluate } from "../test/fixtures/screening/evaluate.js";
import { labelledSet } from "../test/fixtures/screening/labelled-set.js";
import { randomEntry, randomPerson } from "../test/fixtures/screening/population.js";
import { seededRandom } from "../test/helpers/seeded-random.js";

const ENTRIES = 1_000_000;
const VISITORS = 5000;
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

const set = labelledSet();
const rand = seededRandom(1);
global.gc?.();
const before = process.memoryUsage();
const started = performance.now();
const index = (() => {
  const builder = new WatchIndexBuilder(ENTRIES);
  for (const e of set.entries) builder.add(e);
  for (let i = set.entries.length; i < ENTRIES; i++) builder.add(randomEntry(i, rand));
  return builder.finish();
})();
const buildMs = performance.now() - started;
global.gc?.();
const after = process.memoryUsage();

const visitors = Array.from({ length: VISITORS }, () => randomPerson(rand));
for (const v of visitors.slice(0, 500)) screen(index, v); // warm-up
const times: number[] = [];
let held = 0;
// Holds on every rule exact: a visitor who shares a listed person's full name and date of birth,
// which the small name pool of the synthetic list makes common; no screening may clear them.
let exact = 0;
for (const v of visitors) {
  const t0 = performance.now();
  const r = screen(index, v);
  times.push(performance.now() - t0);
  if (r.result === "possible") held++;
  if (r.result === "possible" && r.matches.some((m) => m.rules.join() === "dob_exact,family_exact,given_exact")) exact++;
}
times.sort((a, b) => a - b);
const scores = evaluate(index, set.cases);
process.stderr.write(`missed: ${JSON.stringify(scores.missed)}\nfalsely held: ${JSON.stringify(scores.falselyHeld.slice(0, 20))}\n`);
const figures = {
  screening_p50_ms_1m: Math.round(quantile(times, 0.5) * 1000) / 1000,
  screening_p99_ms_1m: Math.round(quantile(times, 0.99) * 1000) / 1000,
  screening_build_s_1m: Math.round(buildMs / 100) / 10,
  screening_index_mb_1m: mb(index.bytes),
  screening_heap_mb_1m: mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers),
  screening_rss_mb_1m: mb(after.rss),
  screening_recall: scores.recall,
  screening_precision: Math.round(scores.precision * 10_000) / 10_000,
  screening_false_holds_per_200: Math.round((scores.falseHolds / scores.negatives) * 200 * 100) / 100,
  screening_random_holds_per_200_1m: Math.round((held / VISITORS) * 200 * 100) / 100,
  screening_random_exact_holds_per_200_1m: Math.round((exact / VISITORS) * 200 * 100) / 100,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
