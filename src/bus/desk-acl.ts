import { canonicalRole, type BusRole, type CanonicalRole } from "./roles.js";

/**
 * Who may read the front desk's topics: `P/state/desk/<scanner id>` carries a visitor's name and date
 * of birth from a scanned ID, so only the desk's roles receive it (the rest of P/# stays open to all).
 */
export const DESK_ROLES: ReadonlySet<CanonicalRole> = new Set<CanonicalRole>(["front_desk", "admin"]);

/** Whether `topic` is one of the desk's topics under the site prefix. */
export function isDeskTopic(topic: string, prefix: string): boolean {
  return topic.startsWith(`${prefix}/state/desk/`);
}

/** Whether a client with `role` (undefined: not a known peer) may be sent a message on `topic`. */
export function mayReceive(role: BusRole | null | undefined, topic: string, prefix: string): boolean {
  if (!isDeskTopic(topic, prefix)) return true;
  return role !== null && role !== undefined && DESK_ROLES.has(canonicalRole(role));
}
