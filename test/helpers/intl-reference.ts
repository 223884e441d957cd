import type { LocalTime } from "../../src/core/local-time.js";

/** Intl's short weekday names in LocalTime order (0 = Monday). */
const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MINUTE = 60_000;
const formats = new Map<string, Intl.DateTimeFormat>();

/** The formatter of a zone, made once: building one costs far more than using it. */
function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formats.set(zone, format);
  }
  return format;
}

/**
 * The slow reference for local time: one Intl formatToParts call per instant, weekday named by Intl
 * itself. `wall` is the local wall-clock time as if it were UTC (ms), for ordering local instants.
 */
export function intlLocalTime(zone: string, epochMs: number): LocalTime & { wall: number } {
  const parts = formatFor(zone).formatToParts(epochMs);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? "";
  const date = `${part("year")}-${part("month")}-${part("day")}`;
  const minute = Number(part("hour")) * 60 + Number(part("minute"));
  const wall = Date.parse(`${date}T00:00:00Z`) + minute * MINUTE;
  return { date, weekday: WEEKDAY_NAMES.indexOf(part("weekday")), minute, wall };
}
