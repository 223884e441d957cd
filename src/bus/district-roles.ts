/**
 * What each district operator may ask a gateway, by the role its key is trusted with
 * (`uplink.trusted_keys[].role`). Pure data: the uplink refuses any other request with
 * `not_permitted` before it reaches a handler. The safety rules still apply on top: a dispatcher
 * acts as the principal `district`, whose rights over each mode `safety.yaml` decides.
 */

/** Requests that only read. */
const READS = ["state", "events"] as const;

/** Request names per district role. */
export const DISTRICT_ROLE_REQUESTS = {
  /** The command center: raises and clears modes, commands doors. */
  dispatcher: [...READS, "mode", "door"],
  /** The district's credential system: pushes credential lists. */
  credential_service: [...READS, "credentials"],
  /** Dashboards and monitoring: reads only. */
  observer: READS,
} as const satisfies Record<string, readonly string[]>;

/** Every district role. */
export const DISTRICT_ROLES = Object.keys(DISTRICT_ROLE_REQUESTS) as [DistrictRole, ...DistrictRole[]];

/** A district operator's role. */
export type DistrictRole = keyof typeof DISTRICT_ROLE_REQUESTS;

/** The district operator who signed a command, as the gateway's key list names them. */
export interface DistrictOperator {
  /** The trusted key that signed it. */
  readonly keyId: string;
  /** Who sent it, as the command's header says (the key vouches for it). */
  readonly name: string;
  readonly role: DistrictRole;
}

/** Whether `role` may send request `name`. */
export function districtMay(role: DistrictRole, name: string): boolean {
  return (DISTRICT_ROLE_REQUESTS[role] as readonly string[]).includes(name);
}
