import { z } from "zod";
import type { BadgeKey, CredentialRecord } from "../core/credential-index.js";
import { KNOWN_FORMATS } from "../core/credential-record.js";
import { HOLDER_STATUSES, ROLES } from "../core/model.js";

/**
 * District credential lists as they arrive on `request/credentials`: snapshots in numbered parts
 * of at most 500 holders, or deltas against the live version.
 */

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, "must be 1-64 of A-Z a-z 0-9 _ . : -");
const Version = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, "must be 1-64 of A-Z a-z 0-9 _ . : -");

const Badge = z.union([
  z.strictObject({
    format: z.enum(KNOWN_FORMATS),
    facility: z.number().int().nonnegative(),
    number: z.number().int().nonnegative(),
  }),
  z.strictObject({ bits: z.string().regex(/^[01]{1,256}$/) }),
  z.strictObject({ digits: z.string().regex(/^\d{1,20}$/) }),
]);

/** One cardholder in a district list. */
export const DistrictHolder = z.strictObject({
  id: Id,
  role: z.enum(ROLES),
  status: z.enum(HOLDER_STATUSES).default("active"),
  valid_from: z.iso.datetime({ offset: true }).optional(),
  valid_until: z.iso.datetime({ offset: true }).optional(),
  access_groups: z.array(z.string().max(64)).max(64).default([]),
  pin: z.string().regex(/^\d{4,8}$/).optional(),
  extended_unlock: z.boolean().default(false),
  badges: z.array(Badge).min(1).max(16),
});
export type DistrictHolder = z.infer<typeof DistrictHolder>;

/**
 * Holders per request: reading and storing a part are short steps of the credential worker, which
 * rests between them so the main thread keeps a core to itself.
 */
export const MAX_HOLDERS_PER_PART = 500;

/** `request/credentials` (read and validated in the credential worker, off the main thread). */
export const CredentialsRequest = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("snapshot"),
    version: Version,
    /** 1-based part number of `parts`. */
    part: z.number().int().min(1),
    parts: z.number().int().min(1).max(10_000),
    holders: z.array(DistrictHolder).max(MAX_HOLDERS_PER_PART),
  }),
  z.strictObject({
    kind: z.literal("delta"),
    version: Version,
    /** The live version this delta applies to. */
    base_version: Version,
    upsert: z.array(DistrictHolder).max(MAX_HOLDERS_PER_PART).default([]),
    remove: z.array(Id).max(MAX_HOLDERS_PER_PART).default([]),
  }),
  z.strictObject({ kind: z.literal("status") }),
]);
export type CredentialsRequest = z.infer<typeof CredentialsRequest>;

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
