/**
 * The SQL behind the alarm KPIs: aggregates over the annunciations recorded as `alarm_state` events
 * (through the (type, ts) index) and over the `alarms` table (through its raised_at index). Drill
 * alarms are left out: the KPIs judge how the real alarm load treats the people answering it.
 */
import type { ReportContext } from "./model.js";
import { periodParams } from "./sql.js";

/** ISA-18.2's window for alarm rates. */
export const WINDOW_MS = 600_000;
/** More alarms than this in one window is a flood (ISA-18.2). */
export const FLOOD_OVER = 10;
/** Activations of one instance that make it chattering (ISA-18.2: three or more in a minute). */
export const CHATTER_COUNT = 3;
/** An alarm standing longer than this is stale (ISA-18.2's example: 24 hours). */
export const STALE_MS = 86_400_000;

const NOT_DRILL = "ifnull(json_extract(body, '$.drill'), 0) = 0";

/** Annunciations per window: how many, the busiest window, and the flood windows and periods. */
export interface AlarmRate {
  readonly total: number;
  readonly peak: number;
  readonly floodWindows: number;
  /** Runs of consecutive flood windows: one flood each. */
  readonly floods: number;
}

/**
 * Every annunciation (a `raised` move: a new alarm, or one coming back after its chatter interval)
 * counted per 10-minute window from the epoch; consecutive flood windows are one flood.
 */
export function alarmRate(ctx: ReportContext): AlarmRate {
  const row = ctx.db
    .prepare<{ from: string; to: string; over: number; width: number }, AlarmRate>(
      `WITH slots AS (
         SELECT CAST(strftime('%s', ts) AS INTEGER) / CAST(@width AS INTEGER) AS slot, count(*) AS n
           FROM events
          WHERE type = 'alarm_state' AND ts >= @from AND ts < @to
            AND json_extract(body, '$.action') = 'raised' AND ${NOT_DRILL}
          GROUP BY slot
       ), floods AS (
         SELECT slot - row_number() OVER (ORDER BY slot) AS run FROM slots WHERE n > @over
       )
       SELECT ifnull((SELECT sum(n) FROM slots), 0) AS total,
              ifnull((SELECT max(n) FROM slots), 0) AS peak,
              (SELECT count(*) FROM floods) AS floodWindows,
              (SELECT count(DISTINCT run) FROM floods) AS floods`,
    )
    // better-sqlite3 binds numbers as REAL: the CAST keeps the division whole.
    .get({ ...periodParams(ctx), over: FLOOD_OVER, width: WINDOW_MS / 1000 });
  return row ?? { total: 0, peak: 0, floodWindows: 0, floods: 0 };
}

/** Windows in the period, the last partial one included. */
export function windowsIn(ctx: ReportContext): number {
  return Math.max(1, Math.ceil((Date.parse(ctx.period.to) - Date.parse(ctx.period.from)) / WINDOW_MS));
}

/** Per priority: instances raised in the period, how many a person acknowledged, and how fast. */
export interface AckTimes {
  readonly priority: string;
  readonly raised: number;
  readonly acked: number;
  readonly median_s: number | null;
  readonly p90_s: number | null;
}

/** Time from raise to acknowledge by priority, median and 90th percentile by nearest rank. */
export function ackTimes(ctx: ReportContext): AckTimes[] {
  return ctx.db
    .prepare<{ from: string; to: string }, AckTimes>(
      `WITH raised AS (
         SELECT priority, acked_at, (julianday(acked_at) - julianday(raised_at)) * 86400 AS s
           FROM alarms WHERE raised_at >= @from AND raised_at < @to AND ${NOT_DRILL}
       ), ranked AS (
         SELECT priority, s, row_number() OVER (PARTITION BY priority ORDER BY s) AS i, count(*) OVER (PARTITION BY priority) AS n
           FROM raised WHERE acked_at IS NOT NULL
       ), ranks AS (
         SELECT priority, max(CASE WHEN i = (n + 1) / 2 THEN s END) AS median_s, max(CASE WHEN i = (9 * n + 9) / 10 THEN s END) AS p90_s
           FROM ranked GROUP BY priority
       )
       SELECT r.priority, count(*) AS raised, count(r.acked_at) AS acked, k.median_s, k.p90_s
         FROM raised r LEFT JOIN ranks k ON k.priority = r.priority
        GROUP BY r.priority`,
    )
    .all(periodParams(ctx));
}

/** Alarms still standing at an instant, the stale among them, and the chattering instances of the period. */
export interface AlarmHealth {
  readonly standing: number;
  readonly stale: number;
  readonly chattering: number;
}

/** Standing and stale at the period's end (or now, if sooner); chattering over the period. */
export function alarmHealth(ctx: ReportContext): AlarmHealth {
  const at = Math.min(Date.parse(ctx.period.to), ctx.now);
  const params = { ...periodParams(ctx), at: new Date(at).toISOString(), staleBefore: new Date(at - STALE_MS).toISOString(), chatter: CHATTER_COUNT };
  const row = ctx.db
    .prepare<typeof params, AlarmHealth>(
      `SELECT
         (SELECT count(*) FROM alarms WHERE raised_at < @at AND (cleared_at IS NULL OR cleared_at >= @at) AND ${NOT_DRILL}) AS standing,
         (SELECT count(*) FROM alarms WHERE raised_at < @staleBefore AND (cleared_at IS NULL OR cleared_at >= @at) AND ${NOT_DRILL}) AS stale,
         (SELECT count(*) FROM alarms WHERE raised_at >= @from AND raised_at < @to AND json_extract(body, '$.count') >= @chatter AND ${NOT_DRILL}) AS chattering`,
    )
    .get(params);
  return row ?? { standing: 0, stale: 0, chattering: 0 };
}
