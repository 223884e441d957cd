/** The formats a report is written in, by name. */
import type { Report } from "./model.js";
import { renderCsv } from "./render-csv.js";
import { renderHtml } from "./render-html.js";

export const REPORT_FORMATS = ["json", "csv", "html"] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(text: string): text is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(text);
}

export function renderReport(report: Report, format: ReportFormat): string {
  if (format === "csv") return renderCsv(report);
  if (format === "html") return renderHtml(report);
  return `${JSON.stringify(report, null, 2)}\n`;
}
