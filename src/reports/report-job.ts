/**
 * Running one report job on a store connection: build, render, write the file (whole or not at all)
 * in the reports directory. The report worker runs it off the main thread; nothing here logs.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "better-sqlite3";
import { buildReport } from "./build.js";
import type { Report } from "./model.js";
import { renderReport } from "./render.js";
import type { ReportDone, ReportJob, ReportSetup, SummaryDone, SummaryJob, SummarySection } from "./report-messages.js";
import { REPORT_SECTIONS } from "./sections.js";

/** Reports asked for that are kept: older ones are removed as new ones are written (daily summaries stay). */
export const KEPT_REPORTS = 20;

export function runReportJob(db: Database, setup: ReportSetup, job: ReportJob | SummaryJob, now: number): ReportDone | SummaryDone {
  const report = buildReport({ db, site: setup.site, period: job.period, now, sections: REPORT_SECTIONS });
  if (job.kind === "summary") {
    const sections = summaryOf(report);
    const path = writeReport(setup.dir, job.file, `${JSON.stringify({ site: report.site, period: report.period, generatedAt: report.generatedAt, sections }, null, 2)}\n`);
    return { path, sections };
  }
  const text = renderReport(report, job.format);
  const bytes = Buffer.byteLength(text);
  const path = writeReport(setup.dir, job.file, text);
  pruneReports(setup.dir, KEPT_REPORTS);
  return bytes <= job.inlineMax ? { path, bytes, content: text } : { path, bytes };
}

/** The key figures of every section: counts and durations, no tables (whose rows name doors and devices). */
export function summaryOf(report: Report): SummarySection[] {
  return report.sections.map((s) => ({ id: s.id, figures: s.figures.map((f) => ({ label: f.label, value: f.value, unit: f.unit ?? "count" })) }));
}

/** Write through a temporary name, so a reader never finds half a report. */
function writeReport(dir: string, file: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
  return path;
}

/** Remove all but the `keep` newest requested reports (`report-*`), so the data directory does not fill up. */
function pruneReports(dir: string, keep: number): void {
  const files = readdirSync(dir)
    .filter((name) => name.startsWith("report-") && !name.endsWith(".partial"))
    .map((name) => ({ path: join(dir, name), at: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at || b.path.localeCompare(a.path));
  for (const old of files.slice(keep)) rmSync(old.path, { force: true });
}
