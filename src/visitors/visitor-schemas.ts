import { z } from "zod";
import { VISITOR_DECISIONS } from "../core/visitor-events.js";
import { Id } from "../bus/request-schemas.js";
import { WATCH_CATEGORIES } from "../screening/watch-schemas.js";

/**
 * The wire contract of the front desk's register: `request/visitor` and its answers, the retained
 * `state/visitors` (desk roles) and `state/visitor_holds` (officers and administrators).
 */

const Name = z.string().trim().min(1).max(80);
const VisitorId = z.uuid();

/** The kinds of identity document the desk checks (a scan gives the first two). */
export const ID_TYPES = ["driver_licence", "id_card", "passport", "other"] as const;

/** `request/visitor` (fields besides `transaction`), one shape per action. */
export const VisitorRequest = z.discriminatedUnion("action", [
  z.strictObject({
    action: z.literal("sign_in"),
    first_name: Name,
    last_name: Name,
    date_of_birth: z.iso.date(),
    id_type: z.enum(ID_TYPES),
    /** The last 4 characters of the document's number: the full number is never taken. */
    id_last4: z.string().regex(/^[A-Za-z0-9]{4}$/, "the last 4 letters or digits"),
    /** Whom the visitor comes to see. */
    host: Name,
    /** A key of the `visitors.destinations` section. */
    destination: Id,
    reason: z.string().trim().min(1).max(200),
    escort_required: z.boolean(),
    pass_kind: z.enum(["card", "printed"]),
  }),
  z.strictObject({ action: z.literal("sign_out"), visitor_id: VisitorId }),
  /** Without `date`: who is on site or waiting now; with it: every visit that began on that local date. */
  z.strictObject({ action: z.literal("list"), date: z.iso.date().optional() }),
  z.strictObject({
    action: z.literal("decide"),
    visitor_id: VisitorId,
    decision: z.enum(VISITOR_DECISIONS),
    note: z.string().trim().min(1).max(500),
  }),
]);
export type VisitorRequest = z.infer<typeof VisitorRequest>;

/** A pass as the answers and states carry it (see ports.ts). */
const PassPayload = z.strictObject({
  visitor_id: z.string(),
  kind: z.enum(["card", "printed"]),
  card_label: z.string().nullable(),
  qr: z.string().nullable(),
  doors: z.array(z.string()),
  expires_at: z.iso.datetime(),
});

/** One possible watch list match, for the officer who decides a hold: the entry, never its names. */
const MatchPayload = z.strictObject({
  entry: z.string(),
  category: z.enum(WATCH_CATEGORIES),
  rules: z.array(z.string()),
});

/** What the desk reads of a visit: a held visit is `please_wait`, a refused one `not_admitted`. */
export const DESK_STATUSES = ["please_wait", "signed_in", "signed_out", "not_admitted"] as const;
/** What officers and administrators read of a visit. */
export const OFFICER_STATUSES = ["held", "signed_in", "signed_out", "refused"] as const;

const VisitCommon = {
  visitor_id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  host: z.string(),
  destination: z.string(),
  reason: z.string(),
  escort_required: z.boolean(),
  arrived_at: z.iso.datetime(),
  signed_in_at: z.iso.datetime().nullable(),
  signed_out_at: z.iso.datetime().nullable(),
  pass: PassPayload.nullable(),
};

/** A visit in the desk's `list` answer. */
export const DeskVisit = z.strictObject({ ...VisitCommon, status: z.enum(DESK_STATUSES) });
export type DeskVisit = z.infer<typeof DeskVisit>;

/** A visit in an officer's or administrator's `list` answer: the screening and the decision too. */
export const OfficerVisit = z.strictObject({
  ...VisitCommon,
  status: z.enum(OFFICER_STATUSES),
  date_of_birth: z.string().nullable(),
  matches: z.array(MatchPayload),
  /** The watch list could not be read: held without a match. */
  screening_unavailable: z.boolean(),
  decision: z.enum(VISITOR_DECISIONS).nullable(),
  decided_by: z.string().nullable(),
  decision_note: z.string().nullable(),
});
export type OfficerVisit = z.infer<typeof OfficerVisit>;

/** `response/visitor` data, by action. */
export const VisitorResponseData = z.union([
  z.strictObject({ visitor_id: z.string(), status: z.literal("please_wait") }),
  z.strictObject({
    visitor_id: z.string(),
    status: z.literal("signed_in"),
    pass: PassPayload.nullable(),
    /** Why no pass was issued, when one was asked for and refused. */
    pass_refused: z.enum(["pool_empty", "printed_passes_off", "unknown_destination"]).nullable(),
  }),
  z.strictObject({ visitor_id: z.string(), status: z.enum(["signed_out", "held", "refused"]) }),
  z.strictObject({ visitors: z.union([z.array(DeskVisit), z.array(OfficerVisit)]) }),
]);

/** `state/visitors` (retained, desk roles only): who is on site, and who waits at the desk. */
export const VisitorsStatePayload = z.strictObject({
  on_site: z.array(
    z.strictObject({
      visitor_id: z.string(),
      name: z.string(),
      destination: z.string(),
      host: z.string(),
      since: z.iso.datetime(),
      escort_required: z.boolean(),
      pass: PassPayload.nullable(),
    }),
  ),
  /** Held for an officer: the desk shows "please wait", nothing of why. */
  waiting: z.array(z.strictObject({ visitor_id: z.string(), name: z.string(), since: z.iso.datetime() })),
});
export type VisitorsStatePayload = z.infer<typeof VisitorsStatePayload>;

/** `state/visitor_holds` (retained, officers and administrators only): the holds to decide. */
export const VisitorHoldsPayload = z.strictObject({
  holds: z.array(
    z.strictObject({
      visitor_id: z.string(),
      first_name: z.string(),
      last_name: z.string(),
      date_of_birth: z.string().nullable(),
      destination: z.string(),
      host: z.string(),
      since: z.iso.datetime(),
      escalated: z.boolean(),
      matches: z.array(MatchPayload),
      screening_unavailable: z.boolean(),
    }),
  ),
});
export type VisitorHoldsPayload = z.infer<typeof VisitorHoldsPayload>;
