import { z } from "zod";

/**
 * The `osdp` part of `state/device/<id>` for an OSDP reader: its Secure Channel and the bus's
 * counters of it since start. Part of the wire contract of topics.ts.
 */
/** Secure Channel policies of a reader (see src/config/schema-osdp.ts). */
export const OSDP_SECURE_POLICIES = ["required", "install", "plaintext"] as const;

/** OSDP 2.2 §6 osdp_COMSET: the rates a reader may be asked to switch to. */
export const OSDP_BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 230400] as const;

export const OsdpState = z.strictObject({
  /** Address on its bus, the one in use (a COMSET may have moved it from the configured one). */
  address: z.number().int().min(0).max(126),
  /** The configured Secure Channel policy. */
  policy: z.enum(OSDP_SECURE_POLICIES),
  /** A Secure Channel session is up. */
  secure_channel: z.boolean(),
  /** The key the session runs on: the reader's own, the install-mode default, or none (no session). */
  key_type: z.enum(["scbk", "scbk-d", "none"]),
  counters: z.strictObject({
    /** Packets sent to the reader, resends included. */
    packets: z.number().int().nonnegative(),
    /** Commands sent again after no reply or BUSY. */
    retries: z.number().int().nonnegative(),
    /** Replies whose CRC or checksum failed. */
    crc_errors: z.number().int().nonnegative(),
    naks: z.number().int().nonnegative(),
    /** Commands that got no reply in time. */
    timeouts: z.number().int().nonnegative(),
    /** Handshakes refused and sessions dropped on a MAC, sequence or plaintext failure. */
    sc_failures: z.number().int().nonnegative(),
  }),
});
export type OsdpState = z.infer<typeof OsdpState>;
