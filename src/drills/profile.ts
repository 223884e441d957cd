// A state's drill requirements for one school year, as data (compliance/<state>.yaml).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import { DRILL_TYPES, PARTICIPANTS } from "../core/drill-events.js";

export { DRILL_TYPES, PARTICIPANTS, type DrillType, type Participant } from "../core/drill-events.js";
export const drillTypeSchema = z.enum(DRILL_TYPES);
export const participantSchema = z.enum(PARTICIPANTS);

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

/** What a drill record can fill in on a state's drill form. */
export const FORM_VALUES = [
  "school",
  "date",
  "start_time",
  "end_time",
  "duration",
  "drill_type",
  "fire_department_present",
  "law_enforcement_present",
  "started_by",
  "ended_by",
  "time_to_secure",
  "unsecured_doors",
  "observations",
] as const;
export type FormValue = (typeof FORM_VALUES)[number];

/** The state's drill documentation form: its title, its fields in order, and the lines to sign. */
export const formSchema = z
  .object({
    title: z.string().min(1),
    fields: z.array(z.object({ label: z.string().min(1), value: z.enum(FORM_VALUES) }).strict()).min(1),
    signatures: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type DrillForm = z.infer<typeof formSchema>;

export const profileSchema = z
  .object({
    state: z.string().regex(/^[A-Z]{2}$/),
    name: z.string().min(1),
    requirements: z.array(requirementSchema).min(1),
    form: formSchema.optional(),
  })
  .strict()
  .refine((p) => new Set(p.requirements.map((r) => r.id)).size === p.requirements.length, {
    message: "requirement ids must be unique",
  });
export type Profile = z.infer<typeof profileSchema>;

/** The state profiles shipped with the gateway. */
export const BUILTIN_PROFILE_DIR = fileURLToPath(new URL("../../compliance", import.meta.url));

export function loadProfile(file: string): Profile {
  return profileSchema.parse(parse(readFileSync(file, "utf8")));
}

/** A shipped profile by name (`illinois`). */
export function loadBuiltinProfile(name: string, dir = BUILTIN_PROFILE_DIR): Profile {
  return loadProfile(join(dir, `${name}.yaml`));
}
