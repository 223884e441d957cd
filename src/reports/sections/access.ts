/** Badges at doors: grants and denials, by door and by the reason for a denial. */
import type { ReportSection, SectionBuilder } from "../model.js";
import { periodParams, plural, toBars } from "../sql.js";

interface Row {
  door: string;
  result: string;
  reason: string;
  n: number;
}

export const accessSection: SectionBuilder = (ctx): ReportSection => {
  const rows = ctx.db
    .prepare<{ from: string; to: string }, Row>(
      `SELECT json_extract(body, '$.door') AS door, json_extract(body, '$.result') AS result,
              ifnull(json_extract(body, '$.reason'), '') AS reason, count(*) AS n
         FROM events WHERE type = 'access' AND ts >= @from AND ts < @to
        GROUP BY 1, 2, 3`,
    )
    .all(periodParams(ctx));
  const granted = sum(rows.filter((r) => r.result === "granted"));
  const denied = sum(rows.filter((r) => r.result === "denied"));
  const reasons = toBars(
    rows.filter((r) => r.result === "denied").map((r) => ({ key: r.reason, series: "denied", n: r.n })),
    ["denied"],
  );
  const doors = toBars(rows.map((r) => ({ key: r.door, series: r.result, n: r.n })), ["granted", "denied"]);
  const top = reasons[0];
  const share = granted + denied === 0 ? 0 : Math.round((denied / (granted + denied)) * 1000) / 10;
  return {
    id: "access",
    title: "Badges at doors",
    headline:
      granted + denied === 0
        ? "No badge was presented at a door in this period."
        : `${plural(granted, "badge")} let in, ${plural(denied, "refusal")} (${share}%)` +
          (top === undefined ? "." : `; most refusals: ${top.label.replaceAll("_", " ")}.`),
    figures: [
      { label: "Granted", value: granted },
      { label: "Denied", value: denied },
      { label: "Denied share", value: share, unit: "percent" },
    ],
    tables: [
      { title: "Denials by reason", columns: ["reason", "denied"], rows: reasons.map((b) => [b.label, b.values[0] ?? 0]) },
      { title: "Badges by door", columns: ["door", "granted", "denied"], rows: doors.map((b) => [b.label, ...b.values]) },
    ],
    charts: [
      { kind: "bars", title: "Denials by reason", series: ["denied"], bars: reasons },
      { kind: "bars", title: "Badges by door", series: ["granted", "denied"], bars: doors },
    ],
  };
};

function sum(rows: readonly Row[]): number {
  return rows.reduce((total, r) => total + r.n, 0);
}
