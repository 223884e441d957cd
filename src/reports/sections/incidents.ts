/**
 * Incidents officers documented, by when they occurred: how many of each kind and at each place,
 * how many are still open, and the median time from opening to closing. Counts only: the narratives
 * and the people stay in the incident records.
 */
import type { ReportSection, SectionBuilder } from "../model.js";
import { periodParams, plural, toBars } from "../sql.js";

interface Row {
  kind: string;
  place: string;
  status: string;
  n: number;
}

const STATUSES = ["open", "closed"];

export const incidentsSection: SectionBuilder = (ctx): ReportSection => {
  const params = periodParams(ctx);
  // Through incidents_occurred: the period's incidents only, whatever the table holds.
  const rows = ctx.db
    .prepare<{ from: string; to: string }, Row>(
      `SELECT kind, place, status, count(*) AS n FROM incidents
        WHERE occurred_at >= @from AND occurred_at < @to GROUP BY 1, 2, 3`,
    )
    .all(params);
  const median = ctx.db
    .prepare<{ from: string; to: string }, number | null>(
      `WITH closed AS (
         SELECT (julianday(closed_at) - julianday(opened_at)) * 86400 AS s FROM incidents
          WHERE occurred_at >= @from AND occurred_at < @to AND status = 'closed'
       ), ranked AS (SELECT s, row_number() OVER (ORDER BY s) AS r, count(*) OVER () AS c FROM closed)
       SELECT avg(s) FROM ranked WHERE r IN ((c + 1) / 2, (c + 2) / 2)`,
    )
    .pluck()
    .get(params) ?? null;
  const count = (status: string): number => rows.filter((r) => r.status === status).reduce((t, r) => t + r.n, 0);
  const open = count("open");
  const closed = count("closed");
  const kinds = toBars(rows.map((r) => ({ key: r.kind, series: r.status, n: r.n })), STATUSES);
  const places = toBars(rows.map((r) => ({ key: r.place, series: r.status, n: r.n })), STATUSES);
  const medianS = median === null ? null : Math.round(median);
  return {
    id: "incidents",
    title: "Incidents documented",
    headline:
      open + closed === 0
        ? "No incident was documented in this period."
        : `${plural(open + closed, "incident")} documented, ${plural(open, "still open", "still open")}` +
          (medianS === null ? "." : `; half were closed within ${duration(medianS)}.`) +
          (kinds[0] === undefined ? "" : ` Most often: ${kinds[0].label.replaceAll("_", " ")}.`),
    figures: [
      { label: "Incidents", value: open + closed },
      { label: "Still open", value: open },
      { label: "Closed", value: closed },
      { label: "Median time to close", value: medianS ?? 0, unit: "seconds" },
    ],
    tables: [
      { title: "Incidents by kind", columns: ["kind", "open", "closed"], rows: kinds.map((b) => [b.label, ...b.values]) },
      { title: "Incidents by place", columns: ["place", "open", "closed"], rows: places.map((b) => [b.label, ...b.values]) },
    ],
    charts: [{ kind: "bars", title: "Incidents by kind", series: STATUSES, bars: kinds }],
  };
};

/** Seconds in the unit a reader takes in at once: minutes under two hours, hours under two days, days. */
function duration(seconds: number): string {
  if (seconds < 7_200) return plural(Math.round(seconds / 60), "minute");
  if (seconds < 172_800) return plural(Math.round(seconds / 3_600), "hour");
  return plural(Math.round(seconds / 86_400), "day");
}
