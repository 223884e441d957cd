import { z } from "zod";
import { MUSTER_ACTIONS } from "../core/muster-events.js";

/**
 * The wire contract of the roll call after an evacuation: `request/muster`, the retained
 * `state/muster` (the roles that look after people only, see people-acl.ts; never the district) and
 * the `event/muster` fields (counts only).
 */

/** `state/muster` under the site prefix. */
export function musterTopic(prefix: string): string {
  return `${prefix}/state/muster`;
}

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, "must be 1-128 of A-Z a-z 0-9 _ . : -");

export const MUSTER_STATUSES = ["accounted", "injured", "missing"] as const;
export type MusterStatus = (typeof MUSTER_STATUSES)[number];

export const PERSON_KINDS = ["staff", "student", "visitor"] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

const Count = z.number().int().nonnegative();

/** Where a roll call stands, in numbers (core/muster-events.ts says what each counts). */
export const MusterCountsPayload = z.strictObject({
  expected: Count,
  accounted: Count,
  injured: Count,
  missing: Count,
  unaccounted: Count,
  extra: Count,
});

/** What every `event/muster` carries besides the event envelope. */
export const MusterEventFields = {
  type: z.literal("muster"),
  action: z.enum(MUSTER_ACTIONS),
  muster: z.uuid(),
  by: z.string(),
  marked: Count.nullable(),
  ...MusterCountsPayload.shape,
};

/** One person of a roll call: `id` is what a mark names (a cardholder id, or `visitor:<visitor id>`). */
export const MusterPerson = z.strictObject({
  id: z.string(),
  kind: z.enum(PERSON_KINDS).nullable(),
  /**
   * A visitor's name from the register; null for cardholders (the roll call sheet names them), and
   * for visitors once the register's ID-data retention (`visitors.id_retention_days`) ended.
   */
  name: z.string().nullable(),
  /** A visitor waiting at the desk for an officer's decision on the screening when the roll call started. */
  held: z.boolean(),
  status: z.enum(["unaccounted", ...MUSTER_STATUSES]),
  point: z.string().nullable(),
  by: z.string().nullable(),
  at: z.iso.datetime().nullable(),
  /** Marked without being expected. */
  extra: z.boolean(),
});
export type MusterPerson = z.infer<typeof MusterPerson>;

/** A roll call as `state/muster` and `response/muster` show it. */
export const MusterView = z.strictObject({
  id: z.uuid(),
  started_at: z.iso.datetime(),
  started_by: z.string(),
  /** The safety mode it started in (an evacuation, usually), and whether that was a drill. */
  mode: z.string(),
  drill: z.boolean(),
  ended_at: z.iso.datetime().nullable(),
  ended_by: z.string().nullable(),
  counts: MusterCountsPayload,
  /** Each assembly point with how many were found there. */
  points: z.array(z.strictObject({ id: z.string(), name: z.string(), accounted: Count })),
  /** Everyone not yet found: unaccounted and missing first, then the injured. */
  unaccounted: z.array(MusterPerson),
  missing: z.array(MusterPerson),
  injured: z.array(MusterPerson),
});
export type MusterView = z.infer<typeof MusterView>;

/** `state/muster` (retained): the open roll call, or the last one once ended; null before the first. */
export const MusterStatePayload = z.strictObject({ active: z.boolean(), muster: MusterView.nullable() });
export type MusterStatePayload = z.infer<typeof MusterStatePayload>;

/** `request/muster`: start a roll call, mark people, read it, end it. */
export const MusterRequest = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("start") }),
  z.strictObject({
    action: z.literal("mark"),
    people: z.array(Id).min(1).max(500),
    status: z.enum(MUSTER_STATUSES),
    /** The assembly point they were found at (or reported missing from). */
    point: Id.optional(),
  }),
  z.strictObject({ action: z.literal("status") }),
  z.strictObject({ action: z.literal("end") }),
]);
export type MusterRequest = z.infer<typeof MusterRequest>;

/** `response/muster` data: the roll call after the action. */
export const MusterResponseData = z.strictObject({ muster: MusterView });
export type MusterResponseData = z.infer<typeof MusterResponseData>;
