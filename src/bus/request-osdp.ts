import { z } from "zod";

/**
 * `request/osdp`: operator actions on OSDP readers. `install` opens the install window of one reader
 * for `minutes`: the reader may pair with the default key SCBK-D until it has been given its own key
 * or the window closes. Pairing is a deliberate act: admins only, and audited as a command event.
 */
export const OsdpRequest = z.strictObject({
  action: z.literal("install"),
  /** The reader's device id. */
  reader: z.string().min(1).max(64),
  /** How long the window stays open: a fraction of a minute up to an hour. */
  minutes: z.number().positive().max(60),
});
export type OsdpRequest = z.infer<typeof OsdpRequest>;

/** `response/osdp` data: the reader and when its window closes (ISO 8601). */
export const OsdpResponseData = z.strictObject({
  reader: z.string(),
  until: z.iso.datetime(),
});
