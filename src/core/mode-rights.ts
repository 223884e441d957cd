import { MODES, RAISED_MODES, type Mode, type PrincipalName, type RaisedMode, type SiteModel } from "./model.js";

/** Why a mode change is refused: the code a request's answer carries, and the words. */
export interface ModeRefusal {
  readonly code: "not_permitted" | "lower_priority" | "not_active";
  readonly message: string;
}

/**
 * Why `by` may not raise `mode` while `current` is on, or null when it may: the mode's `raise` list,
 * and a mode of lower priority than the current one waits for an authorised clear first.
 */
export function raiseRefusal(model: SiteModel, current: Mode, mode: Mode, by: PrincipalName): ModeRefusal | null {
  const target = model.safety.modes.get(mode);
  if (target === undefined || mode === "normal") return { code: "not_permitted", message: `cannot raise ${mode}` };
  if (!target.raise.has(by)) return { code: "not_permitted", message: `${by} may not raise ${mode}` };
  const currentPriority = model.safety.modes.get(current)?.priority ?? 0;
  if (target.priority < currentPriority) return { code: "lower_priority", message: `${current} is on and outranks ${mode}: clear it first` };
  return null;
}

/** Why `by` may not clear `current` back to normal, or null when it may: the mode's `clear` list. */
export function clearRefusal(model: SiteModel, current: Mode, by: PrincipalName): ModeRefusal | null {
  if (current === "normal") return { code: "not_active", message: "no mode is on" };
  const rules = model.safety.modes.get(current);
  if (rules === undefined || !rules.clear.has(by)) return { code: "not_permitted", message: `${by} may not clear ${current}` };
  return null;
}

/** What a principal may do while one mode is on: the modes it may raise, and whether it may clear it. */
export interface ModeOffer {
  readonly raise: readonly RaisedMode[];
  readonly clear: boolean;
}

/**
 * What `by` may do to the school's mode, for each mode that may be on: the changes the decision
 * core accepts from it (the same checks as raising and clearing), so that a console offers only those.
 */
export function modeOffers(model: SiteModel, by: PrincipalName): Readonly<Record<Mode, ModeOffer>> {
  const offer = (current: Mode): ModeOffer => ({
    raise: RAISED_MODES.filter((m) => raiseRefusal(model, current, m, by) === null),
    clear: clearRefusal(model, current, by) === null,
  });
  return Object.fromEntries(MODES.map((m) => [m, offer(m)])) as Record<Mode, ModeOffer>;
}
