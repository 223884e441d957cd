/**
 * What a report is made of: sections, each a headline in plain words, a few key figures, tables and
 * charts. Every figure is a count or a duration computed by the store; no names or badge numbers.
 */
import type { Database } from "better-sqlite3";

/** The period a report covers: [from, to) as ISO 8601 instants, compared with the events' `ts`. */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
}

/** What a section builder reads from. */
export interface ReportContext {
  readonly db: Database;
  readonly period: ReportPeriod;
  /** When the report is built (epoch ms): what is still standing is counted at the earlier of this and the period's end. */
  readonly now: number;
}

/** One number worth reading first. */
export interface KeyFigure {
  readonly label: string;
  readonly value: number;
  /** "count" (default) or "seconds". */
  readonly unit?: "count" | "seconds" | "percent";
  /** The target the figure is held to, in words (`≤ 1`), shown beside it. */
  readonly target?: string;
}

/** A table of counts: the first columns name a row, the others are figures. */
export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

/** A bar chart: one bar per label, stacked by series. */
export interface BarChart {
  readonly kind: "bars";
  readonly title: string;
  readonly series: readonly string[];
  readonly bars: readonly { readonly label: string; readonly values: readonly number[] }[];
}

/** A timeline: spans of named states between two instants (ISO 8601). */
export interface TimelineChart {
  readonly kind: "timeline";
  readonly title: string;
  readonly spans: readonly { readonly label: string; readonly from: string; readonly to: string; readonly drill: boolean }[];
}

export type ReportChart = BarChart | TimelineChart;

/** One part of a report. */
export interface ReportSection {
  readonly id: string;
  readonly title: string;
  /** One sentence a principal reads first. */
  readonly headline: string;
  readonly figures: readonly KeyFigure[];
  readonly tables: readonly ReportTable[];
  readonly charts: readonly ReportChart[];
}

/** Builds one section from the store; reads with SQL aggregates only. */
export type SectionBuilder = (ctx: ReportContext) => ReportSection;

/** A whole report. */
export interface Report {
  readonly site: { readonly id: string; readonly name: string };
  readonly period: ReportPeriod;
  readonly generatedAt: string;
  readonly sections: readonly ReportSection[];
}
