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

/** `state/occupancy` (retained): counts only, no one named. */
export const OccupancyStatePayload = z.strictObject({ ...Since, counts: OccupancyCounts });
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

/** A visitor signed in at the front desk and not yet out. */
export const VisitorInside = z.strictObject({
  visitor_id: z.string(),
  name: z.string(),
  destination: z.string(),
  host: z.string(),
  since: z.string(),
});
export type VisitorInside = z.infer<typeof VisitorInside>;

/** `state/occupancy/people` (retained, officer, front desk and admin only): who is in. */
export const OccupancyPeoplePayload = z.strictObject({
  ...Since,
  counts: OccupancyCounts,
  visitors: z.array(VisitorInside),
  staff: z.array(PersonInside),
  students: z.array(PersonInside),
});
export type OccupancyPeoplePayload = z.infer<typeof OccupancyPeoplePayload>;
