/**
 * Doors forced or held open, by door, with how long each stayed open: from the alarm to the next
 * close of the same door (found through the door index, one step per alarm).
 */
import type { ReportSection, SectionBuilder } from "../model.js";
import { periodParams, plural, toBars } from "../sql.js";

interface Row {
  door: string;
  action: string;
  n: number;
  avg_s: number | null;
  max_s: number | null;
}

const ACTIONS = ["forced_open", "held_open"];

export const doorAlarmsSection: SectionBuilder = (ctx): ReportSection => {
  const rows = ctx.db
    .prepare<{ from: string; to: string }, Row>(
      `WITH alarms AS (
         SELECT e.seq, e.ts, json_extract(e.body, '$.door') AS door, json_extract(e.body, '$.action') AS action
           FROM events e
          WHERE e.type = 'door' AND e.ts >= @from AND e.ts < @to
            AND json_extract(e.body, '$.action') IN ('forced_open', 'held_open')
       ), timed AS (
         SELECT door, action,
                (SELECT (julianday(c.ts) - julianday(alarms.ts)) * 86400 FROM events c
                  WHERE c.type = 'door' AND json_extract(c.body, '$.door') = alarms.door AND c.seq > alarms.seq
                    AND json_extract(c.body, '$.action') = 'closed'
                  ORDER BY c.seq LIMIT 1) AS open_s
           FROM alarms
       )
       SELECT door, action, count(*) AS n, avg(open_s) AS avg_s, max(open_s) AS max_s
         FROM timed GROUP BY door, action`,
    )
    .all(periodParams(ctx));
  const count = (action: string): number => rows.filter((r) => r.action === action).reduce((t, r) => t + r.n, 0);
  const forced = count("forced_open");
  const held = count("held_open");
  const longest = rows.reduce((m, r) => Math.max(m, r.max_s ?? 0), 0);
  const bars = toBars(rows.map((r) => ({ key: r.door, series: r.action, n: r.n })), ACTIONS);
  return {
    id: "door-alarms",
    title: "Doors forced or held open",
    headline:
      forced + held === 0
        ? "No door was forced or held open."
        : `${plural(forced, "door forced", "doors forced")} open and ${plural(held, "door")} held open; ` +
          `the longest stayed open ${Math.round(longest)} s.`,
    figures: [
      { label: "Forced open", value: forced },
      { label: "Held open", value: held },
      { label: "Longest open", value: Math.round(longest), unit: "seconds" },
    ],
    tables: [
      {
        title: "Door alarms by door",
        columns: ["door", "alarm", "count", "average open s", "longest open s"],
        rows: rows.map((r) => [r.door, r.action, r.n, round(r.avg_s), round(r.max_s)]),
      },
    ],
    charts: [{ kind: "bars", title: "Door alarms by door", series: ACTIONS, bars }],
  };
};

function round(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds * 10) / 10;
}
