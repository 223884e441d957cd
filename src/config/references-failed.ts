import type { z } from "zod";
import type { Locator, Problem } from "../source/problems.js";
import { Findings, type FindingsContext } from "./findings.js";
import type { DoorDevices, DoorRefs, GroupDoors, GroupRefs } from "./references.js";
import { checkScheduleRef } from "./references-safety.js";
import { checkDestinations, type VisitorDestinations } from "./references-visitors.js";
import type { SiteConfig } from "./schema.js";

/** A list entry that failed its schema: its index in the source and the fields that passed on their own. */
export interface FailedEntry {
  readonly index: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Failed entries by section. */
export type FailedEntries = ReadonlyMap<string, readonly FailedEntry[]>;

/** The list sections whose failed entries still have the references of their good fields checked. */
export const REFERRING_SECTIONS: ReadonlySet<string> = new Set(["doors", "access_groups"]);

/** Sections, not lists, whose fields that passed still have their references checked when another failed. */
export const SALVAGED_SECTIONS: ReadonlySet<string> = new Set(["visitors"]);

/** The fields of a failed section that pass their own schema (see salvage), the section optional or not. */
export function salvageSection(schema: z.ZodType, raw: unknown): Record<string, unknown> | undefined {
  const inner = (schema as unknown as { def: { innerType?: z.ZodType } }).def.innerType;
  return salvage(inner ?? schema, raw);
}

/**
 * The fields of a failed list entry that pass their own schema, without defaults for the absent
 * ones; undefined when the entry is not an object (nothing in it refers to anything).
 */
export function salvage(element: z.ZodType, raw: unknown): Record<string, unknown> | undefined {
  const shape = (element as unknown as { def: { shape?: Record<string, z.ZodType> } }).def.shape;
  if (shape === undefined || typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const parsed = shape[key]?.safeParse(value);
    if (parsed?.success === true) fields[key] = parsed.data;
  }
  return fields;
}

/**
 * The references of failed door and access group entries, and of a failed visitors section, in the
 * fields that passed: a door that names an unknown reader is reported in the same run as the door's
 * own schema mistake, not only once that is fixed. Their paths are the source's already, so nothing is remapped.
 */
export function checkFailedReferences(
  failed: FailedEntries,
  config: SiteConfig,
  checks: { readonly devices: DoorDevices; readonly groupDoors: GroupDoors },
  locate: Locator,
  context: FindingsContext,
): Problem[] {
  const f = new Findings(locate, context.excused === undefined ? {} : { excused: context.excused });
  const schedules = new Set(config.schedules.map((s) => s.id));
  for (const { index, fields } of failed.get("doors") ?? []) {
    checks.devices.check(f, ["doors", index], fields as DoorRefs);
    checkScheduleRef(f, schedules, ["doors", index, "unlock_schedule"], fields["unlock_schedule"] as string | undefined);
  }
  for (const { index, fields } of failed.get("access_groups") ?? []) {
    checks.groupDoors.check(f, ["access_groups", index], fields as GroupRefs);
    checkScheduleRef(f, schedules, ["access_groups", index, "schedule"], fields["schedule"] as string | undefined);
  }
  const destinations = failed.get("visitors")?.[0]?.fields["destinations"];
  if (destinations !== undefined) checkDestinations(f, config, destinations as VisitorDestinations);
  return f.problems;
}
