/**
 * A summary of one day the gateway recorded (`event/report`): each report section's key figures,
 * counts and durations only, never a name, a badge number or a door's table. Recorded through the
 * engine like any event, so it is in the audit trail and the uplink takes it to the district.
 */

/** The kinds of summary recorded: one a day for now. */
export const REPORT_KINDS = ["daily"] as const;

/** Units of a summary's figures. */
export const FIGURE_UNITS = ["count", "seconds", "percent"] as const;

export interface ReportEvent {
  type: "report";
  kind: (typeof REPORT_KINDS)[number];
  /** The site's local date summarised, YYYY-MM-DD. */
  date: string;
  /** The day as instants: local midnight to the next local midnight (ISO 8601). */
  from: string;
  to: string;
  sections: { id: string; figures: { label: string; value: number; unit: (typeof FIGURE_UNITS)[number] }[] }[];
  /** Where the gateway wrote it: `reports/daily-<date>.json` in the data directory. */
  file: string;
}
