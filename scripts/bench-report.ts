/**
 * `report_year_s`: building the whole report over one school year of a large school (the store of
 * bench-report-store.ts, 2,000,000 events). Prints the median of three builds as one JSON object on
 * its last line.
 */
import { buildReport } from "../src/reports/build.js";
import { periodOfDays } from "../src/reports/period.js";
import { renderReport } from "../src/reports/render.js";
import { REPORT_SECTIONS } from "../src/reports/sections.js";
import { openDatabase } from "../src/store/database.js";
import { silentLogger } from "../src/util/log.js";
import { BENCH_YEAR, benchReportStore } from "./bench-report-store.js";

const db = openDatabase(benchReportStore(), silentLogger());
const period = periodOfDays(BENCH_YEAR.from, BENCH_YEAR.to);
const runs: number[] = [];
for (let run = 0; run < 3; run += 1) {
  const t0 = performance.now();
  const report = buildReport({ db, site: { id: "bench", name: "Bench High" }, period, now: Date.now(), sections: REPORT_SECTIONS });
  renderReport(report, "html");
  runs.push((performance.now() - t0) / 1000);
}
db.close();
runs.sort((a, b) => a - b);
process.stderr.write(`bench-report: runs ${runs.map((s) => s.toFixed(2)).join(", ")} s\n`);
process.stdout.write(`${JSON.stringify({ report_year_s: Math.round((runs[1] ?? 0) * 100) / 100 })}\n`);
