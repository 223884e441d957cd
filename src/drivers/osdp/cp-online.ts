/**
 * The traffic of an online reader: output commands encoded for the wire, and what a poll brings
 * back turned into notices.
 */

import { buzzer, led, output, text, type EncodeResult } from "./commands.js";
import type { OsdpNotice, ReaderCommand } from "./cp-notices.js";
import type { OsdpReply } from "./replies.js";

/** Encodes a queued output command. */
export function encodeReaderCommand(c: ReaderCommand): EncodeResult {
  switch (c.kind) {
    case "led":
      return led(c.records);
    case "buzzer":
      return buzzer(c.control);
    case "text":
      return text(c.control);
    case "output":
      return output(c.records);
  }
}

/**
 * OSDP 2.2 §7: what a device may answer to osdp_POLL besides osdp_ACK: a card read, keypad
 * digits, or its local status (tamper, power). Anything else is not reported.
 */
export function pollNotice(address: number, reply: OsdpReply): OsdpNotice | null {
  switch (reply.type) {
    case "raw":
      return { type: "card", address, reader: reply.reader, format: reply.format, bitCount: reply.bits.length, bits: reply.bits };
    case "keypad":
      return { type: "keypad", address, reader: reply.reader, keys: reply.keys };
    case "lstatr":
      return { type: "local_status", address, tamper: reply.tamper, powerFailure: reply.powerFailure };
    default:
      return null;
  }
}
