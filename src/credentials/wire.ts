import type { DistrictHolder } from "../bus/request-schemas.js";
import type { BadgeKey, CredentialRecord } from "../core/credential-index/credential-index.js";

/** A stored holder as a credential record, with its access groups interned into a profile. */
export function toRecord(h: DistrictHolder, profile: (groups: readonly string[]) => number): CredentialRecord {
  return {
    holderId: h.id,
    role: h.role,
    status: h.status,
    validFrom: h.valid_from === undefined ? null : Date.parse(h.valid_from),
    validUntil: h.valid_until === undefined ? null : Date.parse(h.valid_until),
    profile: profile(h.access_groups),
    pin: h.pin ?? null,
    extendedUnlock: h.extended_unlock,
    badges: h.badges.map((b): BadgeKey => b),
  };
}
