/**
 * Operator exchanges with one online reader that change the reader itself: osdp_KEYSET to rotate
 * its key inside the session, osdp_COMSET to move it to another address or baud rate. One at a
 * time per reader, sent at its next turn ahead of output commands, judged by the reply, and
 * settled exactly once: done, refused, or no answer.
 */

import { comSet, keySet, type EncodeResult, type OsdpCommand } from "./commands.js";
import type { OsdpReply } from "./replies.js";

/** What an exchange asks of the reader. */
export type ControlAction =
  /** A new SCBK, sent with osdp_KEYSET inside the session under the current one. */
  | { kind: "rekey"; key: Uint8Array }
  /** New communication settings, sent with osdp_COMSET. */
  | { kind: "comset"; address: number; baud: number };

/** Why an exchange did not change the reader as asked. */
export type ControlError =
  /** The change could not start: the reader is offline, has no session, the address is taken… */
  | "unavailable"
  /** The reader answered osdp_NAK. */
  | "refused"
  /** No valid reply: none at all, one that failed its checks, or the reader went offline first. */
  | "no_answer"
  /** A reply that does not confirm what was asked (osdp_COM with other settings, or another reply). */
  | "mismatch";

/** How an exchange ended. */
export type ControlOutcome = { ok: true } | { ok: false; error: ControlError; detail: string };

/** An exchange with its encoded command and where its outcome goes. */
export interface ControlExchange {
  readonly action: ControlAction;
  readonly command: OsdpCommand;
  readonly done: (outcome: ControlOutcome) => void;
}

/** The command an action sends. */
export function controlCommand(action: ControlAction): EncodeResult {
  return action.kind === "rekey" ? keySet(action.key) : comSet(action.address, action.baud);
}

/**
 * OSDP 2.2 §6 osdp_KEYSET is answered with osdp_ACK; osdp_COMSET with osdp_COM giving the settings
 * the reader now uses, which must be those asked for before the panel follows it.
 */
export function judgeControl(action: ControlAction, reply: OsdpReply): ControlOutcome {
  if (reply.type === "nak") return { ok: false, error: "refused", detail: `NAK ${reply.reason}` };
  if (action.kind === "rekey") {
    return reply.type === "ack" ? { ok: true } : { ok: false, error: "mismatch", detail: `${reply.type} to KEYSET` };
  }
  if (reply.type !== "com") return { ok: false, error: "mismatch", detail: `${reply.type} to COMSET` };
  if (reply.address !== action.address || reply.baud !== action.baud) {
    return { ok: false, error: "mismatch", detail: `reader answered address ${reply.address} at ${reply.baud} baud` };
  }
  return { ok: true };
}

/** The one exchange of a reader: waiting for its turn, then on the wire, until settled. */
export class ControlSlot {
  private exchange: ControlExchange | null = null;
  private sent = false;

  /** Takes an exchange; the error when one is already under way. */
  offer(exchange: ControlExchange): string | null {
    if (this.exchange !== null) return "another change of this reader is under way";
    this.exchange = exchange;
    this.sent = false;
    return null;
  }

  /** True while an exchange waits for the reader's turn. */
  get waiting(): boolean {
    return this.exchange !== null && !this.sent;
  }

  /** The waiting exchange, now going on the wire. */
  take(): ControlExchange | null {
    if (!this.waiting) return null;
    this.sent = true;
    return this.exchange;
  }

  /** Ends the exchange under way (if any) with `outcome`. */
  settle(outcome: ControlOutcome): void {
    const x = this.exchange;
    this.exchange = null;
    x?.done(outcome);
  }
}
