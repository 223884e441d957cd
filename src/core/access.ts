import { decodeBits, keyOfDecoded } from "./badge.js";
import type { CredentialRead, DenyReason } from "./events.js";
import type { CardRead } from "./inputs.js";
import type { Cardholder, SiteModel } from "./model.js";

/** The verdict on one badge at one door. */
export interface AccessVerdict {
  readonly granted: boolean;
  readonly reason: DenyReason | null;
  readonly holder: Cardholder | null;
  readonly credential: CredentialRead;
}

/** Index key of a keyboard-wedge read: the card number without leading zeros. */
export function digitsKey(digits: string): string {
  const trimmed = digits.replace(/^0+(?=\d)/, "");
  return `digits:${trimmed}`;
}

function identify(read: CardRead): { key: string | null; credential: CredentialRead; parityOk: boolean } {
  if (read.kind === "digits") {
    return {
      key: digitsKey(read.digits),
      credential: { format: "digits", facility: null, number: null, raw: read.digits },
      parityOk: true,
    };
  }
  const decoded = decodeBits(read.bits);
  return {
    key: keyOfDecoded(decoded),
    credential: { format: decoded.format, facility: decoded.facility, number: decoded.number, raw: read.bits },
    parityOk: decoded.parityOk,
  };
}

function refusal(holder: Cardholder, door: string, now: number): DenyReason | null {
  if (holder.status === "suspended") return "suspended";
  if (holder.status === "lost") return "lost";
  if (holder.validFrom !== null && now < holder.validFrom) return "not_yet_valid";
  if (holder.validUntil !== null && now >= holder.validUntil) return "expired";
  if (!holder.doors.has(door)) return "door_not_in_group";
  return null;
}

/** Decide whether a read opens a door. A read whose parity fails never matches a credential. */
export function evaluateBadge(model: SiteModel, read: CardRead, door: string, now: number): AccessVerdict {
  const { key, credential, parityOk } = identify(read);
  if (!parityOk || key === null) return { granted: false, reason: "parity_error", holder: null, credential };
  const holder = model.credentials.get(key);
  if (holder === undefined) return { granted: false, reason: "unknown_credential", holder: null, credential };
  const reason = refusal(holder, door, now);
  return { granted: reason === null, reason, holder, credential };
}
