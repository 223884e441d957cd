/**
 * Alarm performance against the ISA-18.2 targets (with EEMUA 191's figures where the standard gives
 * a range): how many alarms one operator position had to answer per 10 minutes, floods, chattering
 * and stale alarms, and how long alarms waited for a person by priority. A site is one operator
 * position: its alarms all reach the same console. Drill alarms are not counted.
 */
import { ALARM_PRIORITIES } from "../../core/alarm-events.js";
import { ackTimes, alarmHealth, alarmRate, FLOOD_OVER, windowsIn, type AckTimes } from "../alarm-kpi-queries.js";
import type { KeyFigure, ReportSection, SectionBuilder } from "../model.js";
import { plural } from "../sql.js";

/** The targets: the ISA-18.2 ones, and the project's acknowledge times (critical within the default escalation). */
export const KPI_TARGETS = {
  /** Average alarms per operator per 10 minutes: about one is very likely acceptable, two the most manageable. */
  averagePer10Min: 1,
  /** Busiest 10 minutes: at most 10 (more is a flood). */
  peakPer10Min: FLOOD_OVER,
  /** Share of the period's 10-minute windows in flood: under 1 %. */
  floodPercent: 1,
  /** Chattering alarms: none. */
  chattering: 0,
  /** Stale alarms: fewer than 5 on any day. */
  staleBelow: 5,
  /** 90 % of alarms acknowledged within these seconds, by priority. */
  ackP90s: { critical: 60, high: 120, medium: 300, low: 900 } as Readonly<Record<(typeof ALARM_PRIORITIES)[number], number>>,
} as const;

export const alarmKpisSection: SectionBuilder = (ctx): ReportSection => {
  const rate = alarmRate(ctx);
  const windows = windowsIn(ctx);
  const health = alarmHealth(ctx);
  const byPriority = new Map(ackTimes(ctx).map((row) => [row.priority, row]));
  const average = round(rate.total / windows, 2);
  const floodPercent = round((rate.floodWindows / windows) * 100, 2);
  const t = KPI_TARGETS;
  const rows: [string, number, string, boolean][] = [
    ["Alarms per 10 min (average)", average, `≤ ${t.averagePer10Min}`, average <= t.averagePer10Min],
    ["Alarms per 10 min (peak)", rate.peak, `≤ ${t.peakPer10Min}`, rate.peak <= t.peakPer10Min],
    ["Flood periods", rate.floods, "none", rate.floods === 0],
    ["Time in flood %", floodPercent, `< ${t.floodPercent}`, floodPercent < t.floodPercent],
    ["Chattering alarms", health.chattering, "none", health.chattering <= t.chattering],
    ["Stale alarms", health.stale, `< ${t.staleBelow}`, health.stale < t.staleBelow],
    ["Standing alarms", health.standing, "", true],
  ];
  const acks = ALARM_PRIORITIES.map((p) => byPriority.get(p) ?? { priority: p, raised: 0, acked: 0, median_s: null, p90_s: null });
  const figures: KeyFigure[] = [
    { label: "Alarms per 10 min (average)", value: average, target: `≤ ${t.averagePer10Min}` },
    { label: "Alarms per 10 min (peak)", value: rate.peak, target: `≤ ${t.peakPer10Min}` },
    { label: "Flood periods", value: rate.floods, target: "none" },
    { label: "Chattering alarms", value: health.chattering, target: "none" },
    { label: "Stale alarms", value: health.stale, target: `< ${t.staleBelow}` },
    ...acks.filter((a) => a.p90_s !== null).map((a): KeyFigure => ({ label: `Acknowledged ${a.priority} (p90)`, value: round(a.p90_s ?? 0, 1), unit: "seconds", target: `≤ ${t.ackP90s[a.priority as keyof typeof t.ackP90s]} s` })),
  ];
  return {
    id: "alarm-kpis",
    title: "Alarm performance (ISA-18.2)",
    headline: headline(rate.total, average, rate.peak, rate.floods, rows.filter((r) => !r[3]).length),
    figures,
    tables: [
      { title: "Alarm KPIs against their targets", columns: ["measure", "value", "target", "met"], rows: rows.map(([m, v, target, met]) => [m, v, target, target === "" ? "" : met ? "yes" : "no"]) },
      { title: "Time to acknowledge by priority", columns: ["priority", "raised", "acknowledged", "median s", "p90 s", "p90 target s"], rows: acks.filter((a) => a.raised > 0).map((a) => ackRow(a)) },
    ],
    charts: [
      {
        kind: "bars",
        title: "Alarms by priority",
        series: ["acknowledged", "not acknowledged"],
        bars: acks.filter((a) => a.raised > 0).map((a) => ({ label: a.priority, values: [a.acked, a.raised - a.acked] })),
      },
    ],
  };
};

function ackRow(a: AckTimes): (string | number | null)[] {
  const target = KPI_TARGETS.ackP90s[a.priority as keyof typeof KPI_TARGETS.ackP90s];
  return [a.priority, a.raised, a.acked, a.median_s === null ? null : round(a.median_s, 1), a.p90_s === null ? null : round(a.p90_s, 1), target];
}

function headline(total: number, average: number, peak: number, floods: number, missed: number): string {
  if (total === 0) return "No alarm was raised in this period.";
  const misses = missed === 0 ? "every alarm target was met" : `${plural(missed, "alarm target")} missed`;
  return `${plural(total, "alarm")}, ${average} per 10 minutes on average and ${peak} at the busiest; ${plural(floods, "flood")}; ${misses}.`;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
