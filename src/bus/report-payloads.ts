import { z } from "zod";
import { FIGURE_UNITS, REPORT_KINDS } from "../core/report-events.js";

/** What every `event/report` carries besides the event envelope (see core/report-events.ts). */
export const ReportEventFields = {
  type: z.literal("report"),
  kind: z.enum(REPORT_KINDS),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  sections: z.array(
    z.strictObject({
      id: z.string(),
      figures: z.array(z.strictObject({ label: z.string(), value: z.number(), unit: z.enum(FIGURE_UNITS) })),
    }),
  ),
  file: z.string(),
};
