/** Safety modes over the period: how often each was raised, which of those were drills, and a timeline. */
import type { ReportSection, SectionBuilder } from "../model.js";
import { periodParams, plural } from "../sql.js";

interface CountRow {
  mode: string;
  drill: number;
  n: number;
}

interface SpanRow {
  mode: string;
  previous: string;
  drill: number;
  ts: string;
  next_ts: string | null;
}

/** Most spans drawn: a year of a busy school has a few hundred mode changes. */
const MAX_SPANS = 2_000;

export const modesSection: SectionBuilder = (ctx): ReportSection => {
  const params = periodParams(ctx);
  const counts = ctx.db
    .prepare<typeof params, CountRow>(
      `SELECT json_extract(body, '$.mode') AS mode, json_extract(body, '$.drill') AS drill, count(*) AS n
         FROM events WHERE type = 'mode' AND ts >= @from AND ts < @to
          AND json_extract(body, '$.action') = 'raised'
        GROUP BY 1, 2 ORDER BY n DESC, mode`,
    )
    .all(params);
  const spans = ctx.db
    .prepare<typeof params & { limit: number }, SpanRow>(
      `SELECT json_extract(body, '$.mode') AS mode, json_extract(body, '$.previous') AS previous,
              json_extract(body, '$.drill') AS drill, ts, lead(ts) OVER (ORDER BY seq) AS next_ts
         FROM events WHERE type = 'mode' AND ts >= @from AND ts < @to
        ORDER BY seq LIMIT @limit`,
    )
    .all({ ...params, limit: MAX_SPANS });
  const drills = counts.filter((c) => c.drill === 1).reduce((t, c) => t + c.n, 0);
  const real = counts.filter((c) => c.drill !== 1).reduce((t, c) => t + c.n, 0);
  const first = spans[0];
  const timeline = [
    ...(first === undefined ? [] : [{ label: first.previous, from: ctx.period.from, to: first.ts, drill: false }]),
    ...spans.map((s) => ({ label: s.mode, from: s.ts, to: s.next_ts ?? ctx.period.to, drill: s.drill === 1 && s.mode !== "normal" })),
  ];
  return {
    id: "modes",
    title: "Safety modes and drills",
    headline:
      real + drills === 0
        ? "The school stayed in normal mode all period."
        : `${plural(real, "real safety mode")} raised and ${plural(drills, "drill")} run.`,
    figures: [
      { label: "Modes raised (real)", value: real },
      { label: "Drills", value: drills },
    ],
    tables: [
      {
        title: "Modes raised",
        columns: ["mode", "kind", "times"],
        rows: counts.map((c) => [c.mode, c.drill === 1 ? "drill" : "real", c.n]),
      },
    ],
    charts: [{ kind: "timeline", title: "Mode timeline", spans: timeline }],
  };
};
