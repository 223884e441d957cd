import { z } from "zod";
import { DoorStatePayload, SiteStatePayload } from "./topics.js";
import { EventPayload } from "./event-payloads.js";

/**
 * The `data` of the answers on `response/<name>`, as the wire contract: what a district may build on.
 * Times are ISO 8601 strings; the core keeps epoch ms, converted where an answer is made.
 */

/** The safety mode as `request/state` answers it. */
export const SafetyPayload = z.strictObject({
  mode: z.string(),
  drill: z.boolean(),
  silent: z.boolean(),
  /** When the mode last changed; null if it never did. */
  since: z.iso.datetime().nullable(),
  /** Principal name that raised it. */
  by: z.string().nullable(),
});
export type SafetyPayload = z.infer<typeof SafetyPayload>;

/** `response/state` data: the site, its summary, safety mode, doors and devices. */
export const StateResponseData = z.strictObject({
  site: z.strictObject({ id: z.string(), name: z.string(), timezone: z.string() }),
  summary: SiteStatePayload,
  safety: SafetyPayload,
  doors: z.array(z.strictObject({ id: z.string(), name: z.string(), groups: z.array(z.string()), ...DoorStatePayload.shape })),
  devices: z.array(
    z.strictObject({
      id: z.string(),
      kind: z.string(),
      model: z.string(),
      frames_ok: z.number().int().nonnegative(),
      frames_bad: z.number().int().nonnegative(),
      reconnects: z.number().int().nonnegative(),
    }),
  ),
});

/** `response/events` data: stored events after a seq, oldest first. */
export const EventsResponseData = z.strictObject({
  events: z.array(EventPayload),
  last_seq: z.number().int().nonnegative(),
});

/** `response/credentials` data: the live list (status), a part received, or a list applied. */
export const CredentialsResponseData = z.union([
  z.strictObject({ version: z.string().nullable(), holders: z.number().int().nonnegative() }),
  z.strictObject({ version: z.string(), received: z.number().int().positive(), parts: z.number().int().positive(), applied: z.literal(false) }),
  z.strictObject({
    version: z.string(),
    received: z.number().int().positive().optional(),
    parts: z.number().int().positive().optional(),
    applied: z.literal(true),
    holders: z.number().int().nonnegative(),
  }),
]);

/** `response/mode` and `response/door` data: the mode now and the seqs of the events the command caused. */
export const CommandResponseData = z.strictObject({
  mode: z.string(),
  events: z.array(z.number().int().positive()),
});

/** A request's `transaction`: any string or number the client chose, echoed in the answer. */
export const RequestTransaction = z.union([z.string(), z.number()]);

/** A request's `transaction`, echoed; null when the request had none or it could not be read. */
const Transaction = RequestTransaction.nullable();

/** Every `response/<name>` payload: one envelope, ok with `data` or error with a code. */
export const ResponseEnvelope = z.discriminatedUnion("status", [
  z.strictObject({ status: z.literal("ok"), data: z.unknown(), transaction: Transaction }),
  z.strictObject({
    status: z.literal("error"),
    error: z.strictObject({ code: z.string(), message: z.string() }),
    transaction: Transaction,
  }),
]);
