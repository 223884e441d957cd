import { z } from "zod";

/** `state/desk/<scanner id>` under the site prefix: read only by the desk's roles (see desk-acl.ts). */
export function deskStateTopic(prefix: string, scanner: string): string {
  return `${prefix}/state/desk/${scanner}`;
}

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A sign-in prefilled from a scanned licence or ID: what the desk confirms before signing in. */
export const DeskPrefill = z.strictObject({
  first_name: z.string().min(1),
  middle_name: z.string().nullable(),
  last_name: z.string().min(1),
  date_of_birth: IsoDate,
  id_type: z.enum(["driver_licence", "id_card"]),
  id_last4: z.string().length(4),
  jurisdiction: z.string().min(1),
  country: z.enum(["USA", "CAN"]),
  id_expires: IsoDate.nullable(),
  id_expired: z.boolean(),
});

/**
 * `state/desk/<scanner id>` (retained): the last scan of a desk scanner, prefilled or refused with
 * why; `result` null (and `at` when) once it was taken down, after a sign-in of the person it read or
 * `visitors.desk_scan_keep_minutes`.
 */
export const DeskScanPayload = z.strictObject({
  scanner: z.string(),
  at: z.string(),
  result: z.discriminatedUnion("ok", [
    z.strictObject({ ok: z.literal(true), prefill: DeskPrefill }),
    z.strictObject({
      ok: z.literal(false),
      reason: z.enum(["not_aamva", "unsupported_version", "truncated", "incomplete", "too_long"]),
      message: z.string(),
    }),
  ]).nullable(),
});
export type DeskScanPayload = z.infer<typeof DeskScanPayload>;

/** `state/visitors` under the site prefix: who is on site (desk roles only, see desk-acl.ts). */
export function visitorsStateTopic(prefix: string): string {
  return `${prefix}/state/visitors`;
}

/** `state/visitor_holds` under the site prefix: the holds officers decide (see desk-acl.ts). */
export function visitorHoldsTopic(prefix: string): string {
  return `${prefix}/state/visitor_holds`;
}
