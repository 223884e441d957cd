import type { Effect } from "./effects.js";
import type { CredentialRead, DenyReason } from "./events.js";
import type { VisitorPassInput } from "./inputs.js";
import { policyFor } from "./lock-policy.js";
import type { SiteModel } from "./model.js";
import type { CoreState, VisitorPass } from "./state.js";
import { wallTime } from "./wall-time.js";

/** The role a pass's reads are recorded with, and which a safety mode's allowed roles are checked for. */
export const VISITOR_ROLE = "visitor";

/**
 * The key a read is held under, as the configuration keys badges (badgeConfigKey): `format:facility:number`
 * for known formats, `raw:<bits>`, `digits:<digits without leading zeros>`.
 */
export function readKey(c: CredentialRead): string {
  if (c.format === "digits") return `digits:${c.raw.replace(/^0+(?=\d)/, "")}`;
  if (c.facility === null || c.number === null) return `raw:${c.raw}`;
  return `${c.format}:${c.facility}:${c.number}`;
}

/** The pass a read presents, if any; no work while no pass is out. */
export function passOf(state: CoreState, credential: CredentialRead): VisitorPass | undefined {
  return state.passes === undefined ? undefined : state.passes[readKey(credential)];
}

/** Whether a pass opens `door` now: null if yes, else why not (expiry first, then its doors, then the mode). */
export function passRefusal(model: SiteModel, state: CoreState, pass: VisitorPass, door: string, now: number): DenyReason | null {
  if (wallTime(state, now) >= pass.expiresAt) return "pass_expired";
  if (!pass.doors.includes(door)) return "outside_pass";
  const allow = policyFor(model, state.safety.mode, door).allowRoles;
  if (allow !== null && !allow.has(VISITOR_ROLE)) return "mode_restricted";
  return null;
}

/** Issue or withdraw a pass. Nothing is recorded here: the desk's register keeps the visit. */
export function onVisitorPass(state: CoreState, input: VisitorPassInput): { state: CoreState; effects: Effect[] } {
  const { [input.key]: _old, ...rest } = state.passes ?? {};
  const passes = input.action === "issue" ? { ...rest, [input.key]: input.pass } : rest;
  const { passes: _before, ...without } = state;
  return { state: Object.keys(passes).length === 0 ? without : { ...state, passes }, effects: [] };
}
