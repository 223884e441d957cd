/**
 * What each reader state sends: ID, CAP, the handshake commands, KEYSET with a fresh random key,
 * and in the poll loop a queued output command or osdp_POLL.
 */

import { capabilities, identify, keySet, poll, type OsdpCommand } from "./commands.js";
import type { ControlExchange } from "./cp-control.js";
import { Handshake } from "./cp-handshake.js";
import type { OsdpAlarm, ReaderCommand } from "./cp-notices.js";
import type { SecurityPolicy } from "./cp-policy.js";
import type { Sequence } from "./frame.js";
import { BLOCK } from "./secure-channel.js";

/** An output command checked and encoded when it was queued. */
export interface QueuedCommand {
  kind: ReaderCommand["kind"];
  command: OsdpCommand;
}

/** A command on the wire awaiting its reply, kept byte for byte for a resend. */
export interface Pending {
  bytes: Uint8Array;
  sequence: Sequence;
  sentAt: number;
  tries: number;
  /** The output command it carries, in the poll loop. */
  command: QueuedCommand | null;
  /** The change of the reader it carries (cp-control.ts). */
  control: ControlExchange | null;
  /** The key a KEYSET of pairing carries. */
  newKey: Uint8Array | null;
}

/** The reader's state; `offline` waits out the backoff before the next attempt. */
export type ReaderState = "offline" | "id" | "cap" | "chlng" | "scrypt" | "keyset" | "online";

/** What the state needs to make its command. */
export interface OutgoingContext {
  now: number;
  policy: SecurityPolicy;
  random: (n: number) => Uint8Array;
  /** The handshake under way. */
  handshake: Handshake | null;
  /** The output command whose turn it is, in the poll loop. */
  queued: QueuedCommand | null;
  /** The command of a change of the reader (cp-control.ts), sent before any output command. */
  control: OsdpCommand | null;
}

/** The command to send, with what it started; or why nothing may be sent (with an alarm when the policy refused). */
export type Outgoing =
  | { ok: true; command: OsdpCommand; scb: Uint8Array | null; handshake: Handshake | null; newKey: Uint8Array | null }
  | { ok: false; alarm: OsdpAlarm | null; detail: string };

type Sending = Extract<Outgoing, { ok: true }>;

const send = (command: OsdpCommand, scb: Uint8Array | null = null): Sending => ({ ok: true, command, scb, handshake: null, newKey: null });

export function commandFor(state: ReaderState, c: OutgoingContext): Outgoing {
  switch (state) {
    case "offline":
    case "id":
      return send(identify());
    case "cap":
      return send(capabilities());
    case "chlng": {
      const choice = c.policy.keyFor(c.now);
      if (!choice.ok) return { ok: false, alarm: choice.alarm, detail: choice.detail };
      const handshake = new Handshake(choice.key, choice.keyType, c.random);
      const step = handshake.challenge();
      return { ...send(step.command, step.scb), handshake };
    }
    case "scrypt": {
      const step = c.handshake?.serverCrypt();
      return step ? send(step.command, step.scb) : { ok: false, alarm: null, detail: "no server cryptogram" };
    }
    case "keyset": {
      // Annex D: a unique random 128-bit key per reader, never derived from anything on the wire.
      const newKey = c.random(BLOCK);
      const enc = keySet(newKey);
      return enc.ok ? { ...send(enc.command), newKey } : { ok: false, alarm: null, detail: enc.error };
    }
    case "online":
      return send(c.control ?? c.queued?.command ?? poll());
  }
}
