/**
 * `request/report`: a report over whole days, built off the main thread by the report worker and
 * written to the reports directory. The answer says where the file is, and carries the report itself
 * when it is at most INLINE_MAX_BYTES: a day's or a month's report fits in one MQTT message for a
 * console to show at once, a year's HTML page is fetched from the file. Who may ask is the role
 * table's business (bus/roles.ts: officers, auditors, administrators).
 */
import { z } from "zod";
import { RequestError, type RequestRouter } from "../bus/requests.js";
import { periodOfDays } from "./period.js";
import { REPORT_FORMATS } from "./render.js";
import type { ReportRunner } from "./report-runner.js";

/** The largest report text an answer carries; half the broker's packet limit leaves room for the envelope. */
export const INLINE_MAX_BYTES = 128 * 1024;

/** The longest period one request may cover: a school year and its summer. */
export const MAX_REPORT_DAYS = 400;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date, YYYY-MM-DD");

/** `request/report` fields: the first and last day (UTC, both included) and the format. */
export const ReportRequest = z.strictObject({
  from: Day,
  to: Day,
  format: z.enum(REPORT_FORMATS).default("html"),
});

/** The answer's data: where the report was written on the gateway, its size, and the report when small enough. */
export const ReportResponseData = z.strictObject({
  from: Day,
  to: Day,
  format: z.enum(REPORT_FORMATS),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  content: z.string().optional(),
});
export type ReportResponseData = z.infer<typeof ReportResponseData>;

export function registerReportRequest(router: RequestRouter, runner: ReportRunner, now: () => number): void {
  router.register("report", {
    schema: ReportRequest,
    handle: async (req): Promise<ReportResponseData> => {
      let period;
      try {
        period = periodOfDays(req.from, req.to);
      } catch (err) {
        throw new RequestError("invalid_period", (err as Error).message);
      }
      const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000;
      if (days > MAX_REPORT_DAYS) throw new RequestError("period_too_long", `a report covers at most ${MAX_REPORT_DAYS} days; this one asks for ${days}`);
      const stamp = new Date(now()).toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
      const file = `report-${req.from}_${req.to}-${stamp}.${req.format}`;
      const done = await runner.run({ kind: "report", period, format: req.format, file, inlineMax: INLINE_MAX_BYTES });
      return { from: req.from, to: req.to, format: req.format, ...done };
    },
  });
}
