import { canonicalRole, type BusRole, type CanonicalRole } from "./roles.js";

/**
 * Who may read the front desk's topics: `P/state/desk/<scanner id>` carries a visitor's name and date
 * of birth from a scanned ID and `P/state/visitors` the names of the visitors on site, so only the
 * desk's roles receive them; `P/state/visitor_holds` carries the watch list's possible matches of a
 * held visitor, so only the roles that decide holds receive it (the rest of P/# stays open to all).
 */
export const DESK_ROLES: ReadonlySet<CanonicalRole> = new Set<CanonicalRole>(["front_desk", "admin"]);

/** The roles that decide a visitor held by the watch list screening, and read the holds. */
export const HOLD_ROLES: ReadonlySet<CanonicalRole> = new Set<CanonicalRole>(["officer", "admin"]);

/** Whether `topic` is one of the desk's topics under the site prefix. */
export function isDeskTopic(topic: string, prefix: string): boolean {
  return topic.startsWith(`${prefix}/state/desk/`) || topic === `${prefix}/state/visitors`;
}

/** Whether `topic` is the held visitors' topic under the site prefix. */
function isHoldsTopic(topic: string, prefix: string): boolean {
  return topic === `${prefix}/state/visitor_holds`;
}

/** Whether `topic` carries visitors' personal data: kept on the site's broker, never forwarded. */
export function isPersonalTopic(topic: string, prefix: string): boolean {
  return isDeskTopic(topic, prefix) || isHoldsTopic(topic, prefix);
}

/** Whether a client with `role` (undefined: not a known peer) may be sent a message on `topic`. */
export function mayReceive(role: BusRole | null | undefined, topic: string, prefix: string): boolean {
  const readers = isDeskTopic(topic, prefix) ? DESK_ROLES : isHoldsTopic(topic, prefix) ? HOLD_ROLES : null;
  if (readers === null) return true;
  return role !== null && role !== undefined && readers.has(canonicalRole(role));
}
