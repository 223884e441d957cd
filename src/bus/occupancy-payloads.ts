import { z } from "zod";

/**
 * The wire contract of who is in the building: the counts on `state/occupancy` (every client, and the
 * district) and the lists on `state/occupancy/people` (the roles that look after people only, see
 * people-acl.ts; never the district).
 */

/** `state/occupancy` under the site prefix. */
export function occupancyTopic(prefix: string): string {
  return `${prefix}/state/occupancy`;
}

/** `state/occupancy/people` under the site prefix: the lists, restricted. */
export function occupancyPeopleTopic(prefix: string): string {
  return `${prefix}/state/occupancy/people`;
}

/** How many people are in, by kind. */
export const OccupancyCounts = z.strictObject({
  visitors: z.number().int().nonnegative(),
  staff: z.number().int().nonnegative(),
  students: z.number().int().nonnegative(),
});
export type OccupancyCounts = z.infer<typeof OccupancyCounts>;

const Since = {
  /** The safety mode when this was published, and whether it is a drill. */
  mode: z.string(),
  drill: z.boolean(),
  /** Whether staff and students are counted (`occupancy.track_people`); otherwise their counts stay 0. */
  tracking_people: z.boolean(),
  at: z.iso.datetime(),
};

const Held = {
  /**
   * Of the visitors counted, those waiting at the desk for an officer's decision on the screening:
   * not admitted, but in the building (an evacuation must account for them).
   */
  held_visitors: z.number().int().nonnegative(),
};

/** `state/occupancy` (retained): counts only, no one named. */
export const OccupancyStatePayload = z.strictObject({ ...Since, counts: OccupancyCounts, ...Held });
export type OccupancyStatePayload = z.infer<typeof OccupancyStatePayload>;

/** A cardholder placed inside by a granted read at an entry reader with no exit read after it. */
export const PersonInside = z.strictObject({
  /** The cardholder's id (the site's or the district's record of the person). */
  holder: z.string(),
  kind: z.enum(["staff", "student"]),
  /** The entry reader and when (ISO 8601). */
  reader: z.string(),
  since: z.iso.datetime(),
});
export type PersonInside = z.infer<typeof PersonInside>;

/** A visitor signed in at the front desk and not yet out, or held there for an officer's decision. */
export const VisitorInside = z.strictObject({
  visitor_id: z.string(),
  name: z.string(),
  destination: z.string(),
  host: z.string(),
  since: z.string(),
  /** Waiting at the desk for an officer's decision on the screening (not admitted). */
  held: z.boolean(),
});
export type VisitorInside = z.infer<typeof VisitorInside>;

/** `state/occupancy/people` (retained, officer, front desk and admin only): who is in. */
export const OccupancyPeoplePayload = z.strictObject({
  ...Since,
  counts: OccupancyCounts,
  ...Held,
  visitors: z.array(VisitorInside),
  staff: z.array(PersonInside),
  students: z.array(PersonInside),
});
export type OccupancyPeoplePayload = z.infer<typeof OccupancyPeoplePayload>;
