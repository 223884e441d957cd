import { z } from "zod";
import { DRILL_ACTIONS, DRILL_TYPES, PARTICIPANTS } from "../core/drill-events.js";

/**
 * The wire contract of drills, beside topics.ts which names the topics: the `event/drill` fields, the
 * retained `state/drills` compliance, `request/drill` (run a drill's record) and `request/drills`
 * (the year's compliance, or its past drill records). Nothing here names a student: notes stay in
 * the store, out of events.
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
  /** The last day a drill may start on to count: the site-local day before the deadline. */
  last_day: z.iso.date(),
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

const SchoolYearName = z.string().regex(/^\d{4}-\d{2}$/);

/** The most drill records one `list` answers. */
export const DRILL_PAGE_MAX = 100;

/** `request/drills` `list`: drill records, newest first, a page at a time. */
export const DrillListRequest = z
  .strictObject({
    action: z.literal("list"),
    /** A school year the site lists; default (without `from`/`to`) the current one, or every record without a `drills` section. */
    year: SchoolYearName.optional(),
    /** Drills started at or after this instant. */
    from: z.iso.datetime({ offset: true }).optional(),
    /** Drills started before this instant. */
    to: z.iso.datetime({ offset: true }).optional(),
    /** The next page: drills listed after this one (its id, as the last page's `next` gave it). */
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(DRILL_PAGE_MAX).default(25),
  })
  .refine((r) => r.year === undefined || (r.from === undefined && r.to === undefined), { message: "give a year or a from/to range, not both" });

/** `request/drills`: a school year's compliance (default: the current one), or with `list` its drill records. */
export const DrillsRequest = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("compliance").optional(), year: SchoolYearName.optional() }),
  DrillListRequest,
]);
export type DrillsRequest = z.infer<typeof DrillsRequest>;
export type DrillListRequest = z.infer<typeof DrillListRequest>;

/** `response/drills` data for `list`: the range listed, the records in it newest first, and where the next page starts. */
export const DrillListData = z.strictObject({
  /** The school year listed, null for a from/to range or every record. */
  year: z.string().nullable(),
  from: z.iso.datetime().nullable(),
  to: z.iso.datetime().nullable(),
  drills: z.array(DrillRecordPayload).max(DRILL_PAGE_MAX),
  /** `before` for the next page; null on the last. */
  next: z.number().int().positive().nullable(),
});
export type DrillListData = z.infer<typeof DrillListData>;

/** `response/drills` data: the compliance, or the records listed. */
export const DrillsResponseData = z.union([DrillsStatePayload, DrillListData]);
export type DrillsResponseData = z.infer<typeof DrillsResponseData>;
