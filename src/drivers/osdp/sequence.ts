/**
 * OSDP sequence numbers, control panel side. Pure functions: the caller keeps the last number sent.
 *
 * OSDP 2.2 §5 (CTRL bits 0–1): the first command after a reset carries 0, which tells the device to
 * forget its state; later commands carry 1, 2, 3, 1, … A command repeated after a lost reply keeps
 * its number, so the device can resend its last reply. A reply echoes the number of its command.
 */

import { Reply } from "./codes.js";
import type { Sequence } from "./frame.js";

/** The number to send next: 0 after a reset (`last` null), then 1→2→3→1 (0 is never reused). */
export function nextSequence(last: Sequence | null): Sequence {
  if (last === null) return 0;
  return last === 3 ? 1 : ((last + 1) as Sequence);
}

/** How a reply's sequence number relates to the command it answers. */
export type SequenceCheck =
  /** The reply echoes the command's number. */
  | { ok: true; busy: false }
  /** OSDP 2.2 §7 osdp_BUSY: sent with sequence 0 whatever the command's; repeat the command. */
  | { ok: true; busy: true }
  /** Any other number: the reply belongs to another exchange; drop it and restart at 0. */
  | { ok: false; expected: Sequence; got: number };

/** Checks the sequence number of a reply (with its code) against the command it answers. */
export function checkReplySequence(sent: Sequence, reply: { sequence: number; code: number }): SequenceCheck {
  if (reply.sequence === 0 && reply.code === Reply.BUSY) return { ok: true, busy: true };
  if (reply.sequence === sent) return { ok: true, busy: false };
  return { ok: false, expected: sent, got: reply.sequence };
}
