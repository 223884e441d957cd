/**
 * The roles of MQTT users of the embedded broker, and what each may ask the gateway. Pure data and
 * functions: no I/O. docs/mqtt-api.md has the same table for people; keep the two in step.
 *
 * - `viewer`: the read-only level, also what anonymous clients get when the site lets them in.
 * - `monitor`: a named read-only account (a wall display, a dashboard). Reads like a viewer.
 * - `front_desk`: the front office: reads the site's state, signs visitors in and out.
 * - `officer`: school resource officer or security: raises modes, commands doors, decides held visitors.
 * - `admin`: the site administrator: every request, including the cardholder list.
 * - `audit`: reads full events (credential data included), the audit log and incident records;
 *   changes nothing.
 * - `sim`: drives simulated devices (demo, tests).
 * - `device`: reserved for wireless receivers and kiosks publishing their own device topics; it may
 *   publish nothing yet.
 * - `operator`: deprecated name of `officer`, accepted so that existing configurations keep working.
 *
 * The safety rules (who raises and clears which mode, who commands doors) are decided by the site's
 * `safety` section with the role as principal name; these request rights only say which requests a
 * role may send at all.
 */

/** Every role of an MQTT user of the embedded broker, `operator` included (deprecated alias). */
export const BUS_ROLES = ["viewer", "monitor", "front_desk", "officer", "admin", "audit", "sim", "device", "operator"] as const;

/** Role of an MQTT user of the embedded broker. */
export type BusRole = (typeof BUS_ROLES)[number];

/** A role under its current name: every role but the deprecated alias. */
export type CanonicalRole = Exclude<BusRole, "operator">;

/** Deprecated role names and the role they stand for. */
export const DEPRECATED_ROLES: Readonly<Partial<Record<BusRole, CanonicalRole>>> = { operator: "officer" };

/** A role under its current name (`operator` is `officer`). */
export function canonicalRole(role: BusRole): CanonicalRole {
  return role === "operator" ? "officer" : role;
}

/** Every request a role may send; `*` is every request. Names not registered yet are rights reserved for them. */
const REQUEST_RIGHTS: Readonly<Record<CanonicalRole, readonly string[]>> = {
  viewer: [],
  monitor: [],
  device: [],
  sim: [],
  front_desk: ["state", "visitor", "pass"],
  // `visitor`: officers decide held visitors; the handler lets them list and decide, not sign in or out.
  officer: ["state", "mode", "door", "alarm", "incident", "visitor", "report", "muster", "drill", "drills"],
  audit: ["state", "events", "report", "incident", "drills"],
  admin: ["*"],
};

/** The request names a role may send (`*`: every one), for docs and checks. */
export function requestRights(role: BusRole): readonly string[] {
  return REQUEST_RIGHTS[canonicalRole(role)];
}

/** Whether a local user with `role` (null = anonymous) may send the request `name`. */
export function mayRequest(role: BusRole | null, name: string): boolean {
  if (role === null) return false;
  const rights = requestRights(role);
  return rights.includes("*") || rights.includes(name);
}

/**
 * The gateway's rule for the request router: a local user (null role: anonymous) sends only its
 * role's requests. The district's rights are its own: the safety rules and the handlers check them.
 */
export function permitsRequest(name: string, from: { source: "local"; role: BusRole | null } | { source: "district" }): boolean {
  return from.source !== "local" || mayRequest(from.role, name);
}

/** Whether a role may publish on `request/<name>` at all: it has at least one request right. */
export function sendsRequests(role: BusRole | null): boolean {
  return role !== null && requestRights(role).length > 0;
}

/** Whether a role may drive simulated devices. */
export function drivesSimulators(role: BusRole | null): boolean {
  return role === "sim" || role === "admin";
}

/** Whether a role reads access events with full credential data (facility code, number, raw bits). */
export function readsFullCredentials(role: BusRole | null): boolean {
  return role === "admin" || role === "audit";
}
