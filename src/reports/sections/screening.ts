/** Walk-through metal detectors: passages and alarms per lane, where the site has any. */
import type { ReportSection, SectionBuilder } from "../model.js";
import { periodParams, plural, toBars } from "../sql.js";

interface Row {
  lane: string;
  result: string;
  n: number;
}

const RESULTS = ["passage", "alarm"];

export const screeningSection: SectionBuilder = (ctx): ReportSection => {
  const rows = ctx.db
    .prepare<{ from: string; to: string }, Row>(
      `SELECT json_extract(body, '$.location') AS lane, json_extract(body, '$.result') AS result, count(*) AS n
         FROM events WHERE type = 'screening' AND ts >= @from AND ts < @to
        GROUP BY 1, 2`,
    )
    .all(periodParams(ctx));
  const total = (result: string): number => rows.filter((r) => r.result === result).reduce((t, r) => t + r.n, 0);
  const passages = total("passage");
  const alarms = total("alarm");
  const bars = toBars(rows.map((r) => ({ key: r.lane, series: r.result, n: r.n })), RESULTS);
  return {
    id: "screening",
    title: "Screening lanes",
    headline:
      rows.length === 0
        ? "No screening lane reported in this period."
        : `${plural(passages + alarms, "person", "people")} screened, ${plural(alarms, "alarm")} to check.`,
    figures: [
      { label: "Passages", value: passages },
      { label: "Screening alarms", value: alarms },
    ],
    tables: [{ title: "Screening by lane", columns: ["lane", ...RESULTS], rows: bars.map((b) => [b.label, ...b.values]) }],
    charts: rows.length === 0 ? [] : [{ kind: "bars", title: "Screening by lane", series: RESULTS, bars }],
  };
};
