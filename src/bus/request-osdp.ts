import { z } from "zod";
import { OSDP_BAUD_RATES } from "./topics-osdp.js";

/** The reader's device id. */
const Reader = z.string().min(1).max(64);

/**
 * `install` opens the install window of one reader for `minutes`: the reader may pair with the
 * default key SCBK-D until it has been given its own key or the window closes.
 */
const OsdpInstall = z.strictObject({
  action: z.literal("install"),
  reader: Reader,
  /** How long the window stays open: a fraction of a minute up to an hour. */
  minutes: z.number().positive().max(60),
});

/**
 * `rekey` rotates the key of one paired reader inside its live session: osdp_KEYSET with a new
 * random key, stored only once the reader acknowledged it under Secure Channel.
 */
const OsdpRekey = z.strictObject({
  action: z.literal("rekey"),
  reader: Reader,
});

/**
 * `comset` moves one online reader to another address and/or baud rate with osdp_COMSET; the
 * gateway follows once the reader confirms. Not written back to the configuration.
 */
const OsdpComset = z
  .strictObject({
    action: z.literal("comset"),
    reader: Reader,
    /** The new address, 0–126 (127 is broadcast). */
    address: z.number().int().min(0).max(126).optional(),
    /** The new rate, one OSDP allows. */
    baud: z.union(OSDP_BAUD_RATES.map((b) => z.literal(b))).optional(),
  })
  .refine((r) => r.address !== undefined || r.baud !== undefined, { message: "give address, baud or both" });

/**
 * `request/osdp`: operator actions on OSDP readers. Each changes a reader's security or wiring, so
 * admins only, and each is audited as a command event.
 */
export const OsdpRequest = z.discriminatedUnion("action", [OsdpInstall, OsdpRekey, OsdpComset]);
export type OsdpRequest = z.infer<typeof OsdpRequest>;

/** `install` data: the reader and when its window closes (ISO 8601). */
const OsdpInstallData = z.strictObject({
  reader: z.string(),
  until: z.iso.datetime(),
});

/** `rekey` data: the reader, whose new key is stored and whose session restarts under it. */
const OsdpRekeyData = z.strictObject({
  reader: z.string(),
  rekeyed: z.literal(true),
});

/** `comset` data: the settings the reader confirmed, and that they are not in the configuration. */
const OsdpComsetData = z.strictObject({
  reader: z.string(),
  address: z.number().int().min(0).max(126),
  baud: z.number().int().positive(),
  /** Always false: the configuration files still name the old settings. */
  saved_to_config: z.literal(false),
  /** What IT must do: update the configuration, or the reader is sought at the old settings after a restart. */
  note: z.string(),
});

/** `response/osdp` data, by action. */
export const OsdpResponseData = z.union([OsdpInstallData, OsdpRekeyData, OsdpComsetData]);
export type OsdpResponseData = z.infer<typeof OsdpResponseData>;
