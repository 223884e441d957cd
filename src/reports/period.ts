/** The period of a report from the dates an operator types: whole days, `from` to `to` inclusive. */
import type { ReportPeriod } from "./model.js";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * [from 00:00, the day after `to` 00:00) in UTC, as ISO instants comparable with the events' `ts`.
 * Throws a readable Error on a malformed date or a period that ends before it starts.
 */
export function periodOfDays(from: string, to: string): ReportPeriod {
  const start = dayStart(from);
  const end = dayStart(to) + 86_400_000;
  if (end <= start) throw new Error(`the period ends (${to}) before it starts (${from})`);
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

function dayStart(text: string): number {
  const ms = DATE.test(text) ? Date.parse(`${text}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new Error(`"${text}" is not a date (YYYY-MM-DD)`);
  }
  return ms;
}
