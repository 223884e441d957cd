/**
 * What a failed exchange leads to for one reader: the next state, whether it counts as a Secure
 * Channel failure, and the alarm it raises. Pure: the reader machine applies the verdict.
 */

import type { HandshakeError } from "./cp-handshake.js";
import type { LinkError } from "./cp-link.js";
import type { OsdpAlarm } from "./cp-notices.js";
import type { ControlOutcome } from "./cp-control.js";
import type { Pending, ReaderState } from "./cp-outgoing.js";
import { flowOf } from "./cp-flow.js";

/** The outcome of a failure. */
export interface Verdict {
  next: ReaderState;
  reason: string;
  scFailure: boolean;
  /** The alarms it raises, in order, each with its detail. */
  alarms: [OsdpAlarm, string][];
  /** The reader's install window closes (it answered KEYSET in clear while being paired). */
  closeWindow?: boolean;
  /** How the change of the reader under way ends, when it ends otherwise than "no answer". */
  control?: ControlOutcome;
}

/** Which KEYSET the refused reply answered, if any: the one of pairing, or a key rotation. */
export type KeysetUse = "pairing" | "rotation" | null;

/** The KEYSET a command on the wire carries, if any. */
export function keysetUse(p: Pending): KeysetUse {
  return p.newKey !== null ? "pairing" : p.control?.action.kind === "rekey" ? "rotation" : null;
}

/**
 * OSDP in the field: some readers acknowledge KEYSET in clear. The key is never stored on such an
 * answer (anyone on the wire could have forged it); a reader being paired is not paired, its
 * install window closes, and it stays refused until an admin opens a new one. Said plainly.
 */
const KEYSET_IN_CLEAR: Record<Exclude<KeysetUse, null>, string> = {
  pairing: "reader answered KEYSET in clear and was not paired",
  rotation: "reader answered KEYSET in clear: the new key was not stored",
};

/**
 * A reply refused by the link. A stale sequence number restarts the reader at once. A reply failing
 * Secure Channel (a bad MAC, plaintext in a session) goes offline and waits out the backoff like a
 * failed handshake: a reader that completes every handshake and then fails every MAC would
 * otherwise be handshaken with again and again, thousands of times a minute.
 */
export function linkVerdict(error: LinkError, state: ReaderState, keyset: KeysetUse = null): Verdict {
  if (error === "sequence") return { next: flowOf(state).error, reason: error, scFailure: false, alarms: [] };
  if (error !== "plaintext_in_session") return { next: "offline", reason: error, scFailure: true, alarms: [["mac_failure", error]] };
  const alarms: [OsdpAlarm, string][] = [["sc_downgrade", error]];
  if (keyset !== null) alarms.push(["keyset_in_clear", KEYSET_IN_CLEAR[keyset]]);
  const control: ControlOutcome | undefined = keyset === "rotation" ? { ok: false, error: "no_answer", detail: "reader answered KEYSET in clear" } : undefined;
  return { next: "offline", reason: error, scFailure: true, alarms, closeWindow: keyset === "pairing", ...(control ? { control } : {}) };
}

/**
 * A handshake that failed. A reader offering SCBK-D is started over under it only inside an
 * install window opened to re-pair it (`repairing`); otherwise refused with `default_key`.
 */
export function handshakeVerdict(error: HandshakeError, repairing: boolean): Verdict {
  if (error !== "default_key_offered") return { next: "offline", reason: error, scFailure: true, alarms: [["mac_failure", error]] };
  if (repairing) return { next: "chlng", reason: "re-pairing under SCBK-D", scFailure: true, alarms: [] };
  const reason = "reader offered a default-key session";
  return { next: "offline", reason, scFailure: true, alarms: [["default_key", reason]] };
}
