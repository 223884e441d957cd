import { z } from "zod";
import { DRILL_ACTIONS, DRILL_TYPES, PARTICIPANTS } from "../core/drill-events.js";

/**
 * The wire contract of drills, beside topics.ts which names the topics: the `event/drill` fields, the
 * retained `state/drills` compliance, `request/drill` (run a drill's record) and `request/drills`
 * (the year's compliance). Nothing here names a student: notes stay in the store, out of events.
 */

const DrillType = z.enum(DRILL_TYPES);
const Participant = z.enum(PARTICIPANTS);

const UnsecuredDoor = z.strictObject({ door: z.string(), missing: z.array(z.enum(["lock", "contact"])).min(1) });

/** What a drill's record says in its events and its answers alike: the mode, who and when, and a lockdown's time to secure. */
const RecordFields = {
  mode: z.string().nullable(),
  started_at: z.iso.datetime(),
  started_by: z.string(),
  ended_at: z.iso.datetime().nullable(),
  ended_by: z.string().nullable(),
  participants: z.array(Participant),
  secure_ms: z.number().int().nonnegative().nullable().optional(),
  unsecured: z.array(UnsecuredDoor).optional(),
  lock_only: z.array(z.string()).optional(),
  /** Secured while the gateway was not running: the most it can have taken (`secure_ms` is then null). */
  secure_ms_at_most: z.number().int().nonnegative().optional(),
  secure_note: z.string().optional(),
};

/** What every `event/drill` carries besides the event envelope (see core/drill-events.ts). */
export const DrillEventFields = {
  type: z.literal("drill"),
  action: z.enum(DRILL_ACTIONS),
  drill_id: z.number().int().positive(),
  drill_type: DrillType,
  ...RecordFields,
};

/** One drill record as `response/drill` answers it; `notes` only to the asker, never in an event. */
export const DrillRecordPayload = z.strictObject({
  id: z.number().int().positive(),
  type: DrillType,
  ...RecordFields,
  notes: z.string(),
});
export type DrillRecordPayload = z.infer<typeof DrillRecordPayload>;

/** `request/drill`: start a drill held without a mode, or set the running (or a given) drill's type, participants and notes, or end it. */
export const DrillRequest = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("start"), type: DrillType }),
  z.strictObject({
    action: z.literal("update"),
    /** Default: the drill running now. */
    drill: z.number().int().positive().optional(),
    type: DrillType.optional(),
    participants: z.array(Participant).optional(),
    notes: z.string().max(2000).optional(),
  }),
  z.strictObject({ action: z.literal("end"), drill: z.number().int().positive().optional() }),
]);
export type DrillRequest = z.infer<typeof DrillRequest>;

/** `response/drill` data: the record after the action. */
export const DrillResponseData = z.strictObject({ drill: DrillRecordPayload });
export type DrillResponseData = z.infer<typeof DrillResponseData>;

/** One requirement of the state profile and where the year stands on it. */
const RequirementStatus = z.strictObject({
  id: z.string(),
  type: DrillType,
  status: z.enum(["done", "due", "overdue"]),
  held: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  /** Drills must start before it. */
  deadline: z.iso.datetime(),
});

/** `state/drills` (retained) and `response/drills` data: a school year's compliance with the state profile. */
export const DrillsStatePayload = z.strictObject({
  profile: z.string(),
  year: z.string(),
  requirements: z.array(RequirementStatus),
  done: z.number().int().nonnegative(),
  due: z.number().int().nonnegative(),
  overdue: z.number().int().nonnegative(),
});
export type DrillsStatePayload = z.infer<typeof DrillsStatePayload>;

/** `request/drills`: a school year's compliance (default: the current one). */
export const DrillsRequest = z.strictObject({ year: z.string().regex(/^\d{4}-\d{2}$/).optional() });
export type DrillsRequest = z.infer<typeof DrillsRequest>;
