import { z } from "zod";

/**
 * The `drills` section: which state's drill requirements the site follows (a profile in
 * compliance/<state>.yaml) and the first day of each school year, from which deadlines run.
 */
export const DrillsSchema = z.strictObject({
  /** Profile file name without extension, e.g. `illinois`. */
  profile: z.string().regex(/^[a-z][a-z0-9_-]*$/, "must be a profile name in lower case, as its file compliance/<profile>.yaml is named"),
  /** Days of each school year, e.g. `"2026-27": { first_day: "2026-08-19", last_day: "2027-06-01" }`. */
  school_years: z.record(
    z.string().regex(/^\d{4}-\d{2}$/, "school year like 2026-27"),
    z.strictObject({
      first_day: z.iso.date(),
      last_day: z.iso.date(),
    }),
  ),
});
export type DrillsConfig = z.infer<typeof DrillsSchema>;
