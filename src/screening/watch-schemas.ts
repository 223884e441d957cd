import { z } from "zod";
import { Id, versionedListRequest } from "../bus/request-schemas.js";

/** Why the district lists a person. */
export const WATCH_CATEGORIES = ["registered_offender", "custody_order", "trespass_order", "district_alert"] as const;
export type WatchCategory = (typeof WATCH_CATEGORIES)[number];

const NamePart = z.string().min(1).max(128);

/** A name a listed person is known by. */
export const PersonName = z.strictObject({ given: NamePart, family: NamePart });

/** One person on the district watch list. Names, date of birth and notes never go to a log. */
export const WatchEntry = z.strictObject({
  id: Id,
  given: NamePart,
  family: NamePart,
  /** Other names and aliases. */
  other_names: z.array(PersonName).max(16).default([]),
  dob: z.iso.date(),
  category: z.enum(WATCH_CATEGORIES),
  /** For the officer who reviews a hold. */
  notes: z.string().max(2000).optional(),
});
export type WatchEntry = z.infer<typeof WatchEntry>;

/** Entries per request, as holders per credential list part. */
export const MAX_ENTRIES_PER_PART = 500;

/** `request/watchlist` (read and validated in the watch list worker, off the main thread). */
export const WatchlistRequest = versionedListRequest("entries", WatchEntry, MAX_ENTRIES_PER_PART);
export type WatchlistRequest = z.infer<typeof WatchlistRequest>;

/** A person screened at sign-in (from an ID scan or typed at the desk). */
export const ScreenedPerson = z.strictObject({
  given: NamePart,
  family: NamePart,
  other_names: z.array(PersonName).max(16).default([]),
  dob: z.iso.date(),
});
export type ScreenedPerson = z.input<typeof ScreenedPerson>;
