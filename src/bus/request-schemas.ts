import { z } from "zod";
import { KNOWN_FORMATS } from "../core/credential-index/credential-record.js";
import { DOOR_COMMAND_ACTIONS, MODE_REQUEST_ACTIONS } from "../core/inputs.js";
import { HOLDER_STATUSES, RAISED_MODES, ROLES } from "../core/model.js";

/**
 * The payloads clients send on `request/<name>`, beside the topic schemas of topics.ts: the requests'
 * own fields, without the `transaction` the router takes off first. Answers are in response-schemas.ts.
 */

/** `request/state`: a snapshot of doors and devices. No fields. */
export const StateRequest = z.strictObject({});

/** `request/events`: recent events from the audit store, oldest first, after a seq. */
export const EventsRequest = z.strictObject({
  after_seq: z.number().int().nonnegative().default(0),
  /** Capped so one request cannot make the gateway serialise its whole history. */
  limit: z.number().int().min(1).max(1000).default(100),
});

/** `request/mode`: raise or clear a safety mode. */
export const ModeRequest = z.strictObject({
  action: z.enum(MODE_REQUEST_ACTIONS),
  mode: z.enum(RAISED_MODES).optional(),
  drill: z.boolean().default(false),
  reason: z.string().max(200).optional(),
  location: z.string().max(200).optional(),
}).refine((r) => r.action === "clear" || r.mode !== undefined, { message: "raise needs a mode", path: ["mode"] });

/** `request/door`: command one door. */
export const DoorRequest = z.strictObject({
  door: z.string().min(1).max(64),
  action: z.enum(DOOR_COMMAND_ACTIONS),
  /** For unlock/lock: until when (ISO 8601); omit for until released. */
  until: z.iso.datetime({ offset: true }).optional(),
});

// District credential lists as they arrive on `request/credentials`: snapshots in numbered parts
// of at most 500 holders, or deltas against the live version.

export const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, "must be 1-64 of A-Z a-z 0-9 _ . : -");
export const Version = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, "must be 1-64 of A-Z a-z 0-9 _ . : -");

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

/**
 * The request of a versioned district list whose rows are `row`: a snapshot in numbered parts (its
 * rows under `rowsKey`), a delta against the live version, or the status; at most `max` rows a part.
 */
export function versionedListRequest<K extends string, R extends z.ZodType>(rowsKey: K, row: R, max: number) {
  const rows = { [rowsKey]: z.array(row).max(max) } as { [key in K]: z.ZodArray<R> };
  return z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("snapshot"),
      version: Version,
      /** 1-based part number of `parts`. */
      part: z.number().int().min(1),
      parts: z.number().int().min(1).max(10_000),
      ...rows,
    }),
    z.strictObject({
      kind: z.literal("delta"),
      version: Version,
      /** The live version this delta applies to. */
      base_version: Version,
      upsert: z.array(row).max(max).default([]),
      remove: z.array(Id).max(max).default([]),
    }),
    z.strictObject({ kind: z.literal("status") }),
  ]);
}

/** `request/credentials` (read and validated in the credential worker, off the main thread). */
export const CredentialsRequest = versionedListRequest("holders", DistrictHolder, MAX_HOLDERS_PER_PART);
export type CredentialsRequest = z.infer<typeof CredentialsRequest>;
