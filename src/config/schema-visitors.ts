import { z } from "zod";
import { KNOWN_FORMATS } from "../core/credential-index/credential-record.js";

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, "must be 1-64 of A-Z a-z 0-9 _ . : -");

/** Where a visitor may go: the doors a pass to it opens, named directly or by door group. */
const Destination = z.strictObject({
  /** What the desk and the printed pass call it: "Main office", "Library". */
  name: z.string().min(1).max(80),
  doors: z.array(Id).default([]),
  /** Every door carrying one of these door groups. */
  door_groups: z.array(Id).default([]),
});

/** A card of the desk's pool of visitor cards, handed out with a pass and returned at sign-out. */
const PassCard = z.strictObject({
  /** What is printed on the card, so staff can tell which one is out: "V-01". */
  label: z.string().min(1).max(32),
  format: z.enum(KNOWN_FORMATS),
  facility: z.number().int().nonnegative(),
  number: z.number().int().nonnegative(),
});

/** Minutes a scanned ID's prefilled sign-in stays on the desk's topic without a sign-in. */
export const DEFAULT_DESK_SCAN_KEEP_MINUTES = 3;

/**
 * The `visitors` section: the front desk's destinations, its pool of visitor cards, when the school
 * day ends (passes still out are signed out then) and how long visitor records are kept.
 */
export const VisitorsSchema = z.strictObject({
  destinations: z.record(Id, Destination),
  /** Local time ("HH:MM") the school day ends: every pass expires then, and visitors still signed in or held are signed out. */
  school_day_end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time like 15:30").default("16:00"),
  pass_cards: z.array(PassCard).default([]),
  /** Whether the desk may print a pass with a QR code instead of handing out a card. */
  printed_passes: z.boolean().default(true),
  /** Days a visitor's date of birth and ID data, and their name in roll call records, are kept before they are purged. */
  id_retention_days: z.number().int().min(1).max(3650).default(30),
  /**
   * Minutes a scanned ID's prefilled sign-in stays on `state/desk/<scanner id>` when no sign-in of
   * that person is made: a scanned licence must not sit on the broker all day.
   */
  desk_scan_keep_minutes: z.number().int().min(1).max(60).default(DEFAULT_DESK_SCAN_KEEP_MINUTES),
  /** Days the rest of a visit (name, host, destination, times) is kept before it is purged. */
  visit_retention_days: z.number().int().min(1).max(3650).default(365),
});
export type VisitorsConfig = z.infer<typeof VisitorsSchema>;
