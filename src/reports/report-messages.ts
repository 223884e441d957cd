/** What crosses between the gateway's main thread and the report worker (plain data, structured-cloned). */
import type { Transaction } from "../bus/request-parse.js";
import type { ReportPeriod } from "./model.js";
import type { ReportFormat } from "./render.js";

/** What the report worker starts with. */
export interface ReportSetup {
  /** The audit store, opened read-only by the worker. */
  readonly storePath: string;
  /** Where reports are written: the data directory's `reports/`. */
  readonly dir: string;
  readonly site: { readonly id: string; readonly name: string };
}

/** A report asked for: rendered, written to `file` in the reports directory, and given back when small. */
export interface ReportJob {
  readonly kind: "report";
  readonly period: ReportPeriod;
  readonly format: ReportFormat;
  readonly file: string;
  /** The answer carries the text itself up to this many bytes (UTF-8). */
  readonly inlineMax: number;
}

/** A day's summary: its counts by section, written as JSON to `file` and given back. */
export interface SummaryJob {
  readonly kind: "summary";
  readonly period: ReportPeriod;
  readonly file: string;
}

/** The worker's answer to a report. */
export interface ReportDone {
  readonly path: string;
  readonly bytes: number;
  /** The report's text when it is at most `inlineMax` bytes. */
  readonly content?: string;
}

/** One section of a summary: its key figures, counts and durations only. */
export interface SummarySection {
  readonly id: string;
  readonly figures: readonly { readonly label: string; readonly value: number; readonly unit: "count" | "seconds" | "percent" }[];
}

/** The worker's answer to a summary. */
export interface SummaryDone {
  readonly path: string;
  readonly sections: readonly SummarySection[];
}

/** A job as it crosses to the worker (in the call's extra fields). */
export type ReportCall = { readonly id: number; readonly now: number; readonly job: ReportJob | SummaryJob };

/** The worker's answer: done, or failed with a code and a message (no figures, no personal data). */
export type ReportAnswer =
  | { readonly id: number; readonly ok: true; readonly transaction: Transaction; readonly done: ReportDone | SummaryDone }
  | { readonly id: number; readonly ok: false; readonly transaction: Transaction; readonly code: string; readonly message: string };
