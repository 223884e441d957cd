/** Building a report: every section of `SECTIONS` over one period, read in one snapshot of the store. */
import type { Database } from "better-sqlite3";
import type { Report, ReportPeriod, SectionBuilder } from "./model.js";
import { SECTIONS } from "./sections.js";

export interface BuildReportOptions {
  readonly db: Database;
  readonly site: { readonly id: string; readonly name: string };
  readonly period: ReportPeriod;
  readonly now: number;
  readonly sections?: readonly SectionBuilder[];
}

/** The report; its sections read one consistent state, even while the gateway appends events. */
export function buildReport(options: BuildReportOptions): Report {
  const { db, site, period } = options;
  const read = db.transaction(() => (options.sections ?? SECTIONS).map((build) => build({ db, period, now: options.now })));
  return { site, period, generatedAt: new Date(options.now).toISOString(), sections: read.deferred() };
}
