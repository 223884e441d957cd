import { z } from "zod";
import { OSDP_BAUD_RATES, OSDP_SECURE_POLICIES } from "../bus/topics-osdp.js";
import { baudRateOf } from "./baud-rate.js";

/**
 * OSDP readers in the site configuration. Each reader is a device whose `osdp` settings name its bus
 * (the serial port of the RS-485 adapter), its address on that bus and its Secure Channel policy;
 * readers naming the same port share one bus. The optional `osdp.buses` section tunes a bus.
 */

/** A reader's place on its bus. */
export const OsdpReaderParams = z.strictObject({
  /** The bus: a stable path such as /dev/serial/by-id/usb-FTDI_…-if00-port0. */
  port: z.string().min(1),
  /** OSDP address set on the reader, 0-126 (127 is broadcast). */
  address: z.number().int().min(0).max(126),
  /**
   * required: Secure Channel under the reader's own key, nothing else accepted. install: the reader
   * is paired once in a time-boxed window (then held to required). plaintext: no Secure Channel, for
   * readers that cannot do it (`check` warns).
   */
  secure: z.enum(OSDP_SECURE_POLICIES).default("required"),
});
export type OsdpReaderParams = z.infer<typeof OsdpReaderParams>;

/** Timing of one bus; every field defaults to the control panel's own (see src/drivers/osdp/cp-options.ts). */
const OsdpBus = z.strictObject({
  port: z.string().min(1),
  /** Overrides the readers' model rate; every reader on the bus must be set to it. */
  baud_rate: baudRateOf(OSDP_BAUD_RATES, "an OSDP rate").optional(),
  /** Period between polls of one reader (default 50 ms). */
  poll_interval_ms: z.number().int().min(10).max(1000).optional(),
  /** A reader is offline after this long without a valid reply (default 2 s; the spec allows 8 s). */
  offline_after_ms: z.number().int().min(250).max(60_000).optional(),
  /** Longest pause inside one reply: 150 ms for buffered USB-RS485 adapters (default), 20 ms on a native UART. */
  inter_character_ms: z.number().int().min(5).max(1000).optional(),
  /**
   * Capture the bus's traffic in SIA's OSDPCAP format to this file (relative: under the data
   * directory). It holds raw packets, a plaintext reader's card reads in clear: `check` warns.
   */
  capture: z.string().min(1).optional(),
  /** Size at which the capture is rotated to `<file>.1` (default 16 MiB; 4 KiB to 1 GiB). */
  capture_max_bytes: z.number().int().min(4096).max(1024 ** 3).optional(),
});

/** The `osdp` section. */
export const OsdpSection = z.strictObject({
  buses: z.array(OsdpBus).default([]),
});
export type OsdpSection = z.infer<typeof OsdpSection>;
