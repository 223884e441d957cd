import { decodeBits } from "./badge.js";
import { NOT_FOUND } from "./credential-index/credential-index.js";
import type { CredentialRead, DenyReason } from "./events.js";
import type { CardRead } from "./inputs.js";
import { policyFor } from "./lock-policy.js";
import type { SiteModel } from "./model.js";
import type { CoreState } from "./state.js";
import { wallTime } from "./wall-time.js";

/** A read, identified: the holder's slot in the credential index (or NOT_FOUND) and the audit form. */
export interface Identified {
  readonly slot: number;
  readonly credential: CredentialRead;
  readonly parityOk: boolean;
}

/** Find the holder of a read. A read whose parity fails is never looked up. */
export function identify(model: SiteModel, read: CardRead): Identified {
  if (read.kind === "digits") {
    const credential: CredentialRead = { format: "digits", facility: null, number: null, raw: read.digits };
    return { slot: model.credentials.findDigits(read.digits), credential, parityOk: true };
  }
  const d = decodeBits(read.bits);
  const credential: CredentialRead = { format: d.format, facility: d.facility, number: d.number, raw: read.bits };
  if (!d.parityOk) return { slot: NOT_FOUND, credential, parityOk: false };
  const slot =
    d.format === "raw" || d.facility === null || d.number === null
      ? model.credentials.findRaw(read.bits)
      : model.credentials.findKnown(d.format, d.facility, d.number);
  return { slot, credential, parityOk: true };
}

/** Whether a holder's groups open this door at wall time `wall`: null if yes, else why not. */
function profileRefusal(model: SiteModel, profile: number, door: string, wall: number): DenyReason | null {
  const groups = model.profiles[profile]?.groups ?? [];
  let inGroup = false;
  for (const g of groups) {
    if (!g.doors.has(door)) continue;
    inGroup = true;
    if (g.schedule === null || model.schedules.isActive(g.schedule, wall)) return null;
  }
  return inGroup ? "outside_schedule" : "door_not_in_group";
}

/**
 * Every rule about the holder, in a fixed order so the reason is predictable: status, validity,
 * groups and schedules, then the safety mode's allowed roles.
 */
export function holderRefusal(model: SiteModel, state: CoreState, slot: number, door: string, now: number): DenyReason | null {
  const c = model.credentials;
  const status = c.status(slot);
  if (status === "suspended") return "suspended";
  if (status === "lost") return "lost";
  const wall = wallTime(state, now);
  const from = c.validFrom(slot);
  if (from !== null && wall < from) return "not_yet_valid";
  const until = c.validUntil(slot);
  if (until !== null && wall >= until) return "expired";
  const byProfile = profileRefusal(model, c.profile(slot), door, wall);
  if (byProfile !== null) return byProfile;
  const allow = policyFor(model, state.safety.mode, door).allowRoles;
  if (allow !== null && !allow.has(c.role(slot))) return "mode_restricted";
  return null;
}
