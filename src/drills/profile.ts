// A state's drill requirements for one school year, as data (compliance/<state>.yaml).
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

export const DRILL_TYPES = [
  "evacuation",
  "bus_evacuation",
  "law_enforcement",
  "severe_weather",
  "fire",
  "lockdown",
  "annual_review",
] as const;
export const drillTypeSchema = z.enum(DRILL_TYPES);
export type DrillType = z.infer<typeof drillTypeSchema>;

export const PARTICIPANTS = ["fire_department", "law_enforcement"] as const;
export const participantSchema = z.enum(PARTICIPANTS);
export type Participant = z.infer<typeof participantSchema>;

export const requirementSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_]+$/),
    type: drillTypeSchema,
    count: z.number().int().positive(),
    /** Only drills noted with this participant present count. */
    participant: participantSchema.optional(),
    /** Due this many days after the first day of school; otherwise due by the end of the year. */
    withinDaysOfStart: z.number().int().positive().optional(),
  })
  .strict();
export type Requirement = z.infer<typeof requirementSchema>;

export const profileSchema = z
  .object({
    state: z.string().regex(/^[A-Z]{2}$/),
    name: z.string().min(1),
    requirements: z.array(requirementSchema).min(1),
  })
  .strict()
  .refine((p) => new Set(p.requirements.map((r) => r.id)).size === p.requirements.length, {
    message: "requirement ids must be unique",
  });
export type Profile = z.infer<typeof profileSchema>;

export function loadProfile(file: string): Profile {
  return profileSchema.parse(parse(readFileSync(file, "utf8")));
}
