import { musterTopic } from "./muster-payloads.js";
import { occupancyPeopleTopic } from "./occupancy-payloads.js";
import { canonicalRole, type BusRole, type CanonicalRole } from "./roles.js";

/**
 * Who may read who is in the building and who is missing after an evacuation: the lists name
 * students, staff and visitors, so only the roles that look after people receive them. The counts
 * (`state/occupancy`) stay open to every client.
 */
export const PEOPLE_ROLES: ReadonlySet<CanonicalRole> = new Set<CanonicalRole>(["officer", "front_desk", "admin"]);

/** Whether `topic` names people: the occupancy lists or the roll call. */
export function isPeopleTopic(topic: string, prefix: string): boolean {
  return topic === occupancyPeopleTopic(prefix) || topic === musterTopic(prefix);
}

/** Whether a client with `role` (undefined: not a known peer) may be sent a message on `topic`. */
export function mayReceivePeople(role: BusRole | null | undefined, topic: string, prefix: string): boolean {
  if (!isPeopleTopic(topic, prefix)) return true;
  return role !== null && role !== undefined && PEOPLE_ROLES.has(canonicalRole(role));
}
