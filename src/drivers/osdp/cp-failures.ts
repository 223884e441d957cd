/**
 * What a failed exchange leads to for one reader: the next state, whether it counts as a Secure
 * Channel failure, and the alarm it raises. Pure: the reader machine applies the verdict.
 */

import type { HandshakeError } from "./cp-handshake.js";
import type { LinkError } from "./cp-link.js";
import type { OsdpAlarm } from "./cp-notices.js";
import type { ReaderState } from "./cp-outgoing.js";
import { flowOf } from "./cp-flow.js";

/** The outcome of a failure. */
export interface Verdict {
  next: ReaderState;
  reason: string;
  scFailure: boolean;
  alarm: OsdpAlarm | null;
}

/**
 * A reply refused by the link. A stale sequence number restarts the reader at once. A reply failing
 * Secure Channel (a bad MAC, plaintext in a session) goes offline and waits out the backoff like a
 * failed handshake: a reader that completes every handshake and then fails every MAC would
 * otherwise be handshaken with again and again, thousands of times a minute.
 */
export function linkVerdict(error: LinkError, state: ReaderState): Verdict {
  if (error === "sequence") return { next: flowOf(state).error, reason: error, scFailure: false, alarm: null };
  const alarm: OsdpAlarm = error === "plaintext_in_session" ? "sc_downgrade" : "mac_failure";
  return { next: "offline", reason: error, scFailure: true, alarm };
}

/**
 * A handshake that failed. A reader offering SCBK-D is started over under it only inside an
 * install window opened to re-pair it (`repairing`); otherwise refused with `default_key`.
 */
export function handshakeVerdict(error: HandshakeError, repairing: boolean): Verdict {
  if (error !== "default_key_offered") return { next: "offline", reason: error, scFailure: true, alarm: "mac_failure" };
  if (repairing) return { next: "chlng", reason: "re-pairing under SCBK-D", scFailure: true, alarm: null };
  return { next: "offline", reason: "reader offered a default-key session", scFailure: true, alarm: "default_key" };
}
