import { z } from "zod";

/**
 * An OSDP reader (SIA OSDP 2.2 / IEC 60839-11-5) on an RS-485 bus: the gateway is the control
 * panel. Several readers share one bus (one serial port), each at its own address; the site's device
 * config names the port, the address and the Secure Channel policy. The model says what the reader
 * has beyond a card reader, so feedback and PIN entry are only attempted where they exist.
 */
export const OsdpTransport = z.strictObject({
  type: z.literal("osdp"),
  /** OSDP 2.2 §5: 9600 out of the box; a site's bus may run faster once its readers are set to it. */
  baud_rate: z.number().int().positive().default(9600),
  /** A keypad: PIN digits come as osdp_KEYPAD (card+PIN doors). */
  keypad: z.boolean().default(false),
  /** A text display driven with osdp_TEXT. */
  display: z.boolean().default(false),
  /** A controllable LED (osdp_LED) and beeper (osdp_BUZ): nearly every OSDP reader has both. */
  led: z.boolean().default(true),
  buzzer: z.boolean().default(true),
});

/** A validated OSDP transport. */
export type OsdpTransport = z.infer<typeof OsdpTransport>;
