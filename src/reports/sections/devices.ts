/**
 * Device health: how long each device was online, from its first health report in the period to
 * the period's end, and how often it went offline or reported a fault or trouble.
 */
import type { ReportSection, SectionBuilder } from "../model.js";
import { periodParams, plural, toBars } from "../sql.js";

interface Row {
  device: string;
  troubles: number;
  online_s: number;
  watched_s: number;
}

export const devicesSection: SectionBuilder = (ctx): ReportSection => {
  const rows = ctx.db
    .prepare<{ from: string; to: string }, Row>(
      `WITH health AS (
         SELECT json_extract(body, '$.device') AS device, json_extract(body, '$.status') AS status, ts,
                ifnull(lead(ts) OVER (PARTITION BY json_extract(body, '$.device') ORDER BY seq), @to) AS until
           FROM events WHERE type = 'device' AND ts >= @from AND ts < @to
       )
       SELECT device,
              sum(status IN ('offline', 'fault', 'trouble')) AS troubles,
              sum(CASE WHEN status = 'online' THEN (julianday(until) - julianday(ts)) * 86400 ELSE 0 END) AS online_s,
              (julianday(@to) - julianday(min(ts))) * 86400 AS watched_s
         FROM health GROUP BY device ORDER BY troubles DESC, device`,
    )
    .all(periodParams(ctx));
  const uptime = (r: Row): number => (r.watched_s <= 0 ? 100 : Math.round((r.online_s / r.watched_s) * 1000) / 10);
  const troubles = rows.reduce((t, r) => t + r.troubles, 0);
  const worst = rows.reduce<Row | undefined>((w, r) => (w === undefined || uptime(r) < uptime(w) ? r : w), undefined);
  return {
    id: "devices",
    title: "Devices",
    headline:
      rows.length === 0
        ? "No device reported a change of health in this period."
        : `${plural(troubles, "device problem")} reported` +
          (worst === undefined ? "." : `; least available: ${worst.device} (${uptime(worst)}% online).`),
    figures: [
      { label: "Devices reporting", value: rows.length },
      { label: "Device problems", value: troubles },
    ],
    tables: [
      {
        title: "Device health",
        columns: ["device", "online %", "problems"],
        rows: rows.map((r) => [r.device, uptime(r), r.troubles]),
      },
    ],
    charts: [
      {
        kind: "bars",
        title: "Device problems",
        series: ["problems"],
        bars: toBars(rows.filter((r) => r.troubles > 0).map((r) => ({ key: r.device, series: "problems", n: r.troubles })), ["problems"]),
      },
    ],
  };
};
