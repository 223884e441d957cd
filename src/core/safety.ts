import { doorTick, type DoorContext } from "./door.js";
import type { Effect } from "./effects.js";
import type { LockCause } from "./events.js";
import type { Mode, ModeModel, SiteModel } from "./model.js";
import type { Principal } from "./inputs.js";
import { clearRefusal, raiseRefusal, type ModeRefusal } from "./mode-rights.js";
import type { CoreState, DoorState, SafetyState } from "./state.js";
import { wallTime } from "./wall-time.js";

/** The outcome of a safety transition. */
export interface SafetyStep {
  readonly state: CoreState;
  readonly effects: Effect[];
}

function modeModel(model: SiteModel, mode: Mode): ModeModel | undefined {
  return model.safety.modes.get(mode);
}

/** Whether strobes should flash in this safety state. */
export function strobesOn(model: SiteModel, s: SafetyState): boolean {
  return !s.silent && (modeModel(model, s.mode)?.strobes ?? false);
}

/**
 * Bring every door to the rules after a site-wide change (mode, fire alarm): one pass over the doors,
 * so a panic reaches every lock within one decision.
 */
export function reconcileAll(model: SiteModel, state: CoreState, now: number, hint: LockCause, effects: Effect[]): CoreState {
  const ctx: DoorContext = { model, state, now, effects };
  let doors: DoorState[] | null = null;
  for (const door of model.doors.values()) {
    const d = state.doors[door.index];
    if (d === undefined) continue;
    const next = doorTick(ctx, door, d, hint);
    if (next !== d) (doors ??= state.doors.slice())[door.index] = next;
  }
  return doors === null ? state : { ...state, doors };
}

function signals(model: SiteModel, before: SafetyState, after: SafetyState, effects: Effect[]): void {
  const was = strobesOn(model, before);
  const is = strobesOn(model, after);
  if (was === is) return;
  for (const device of model.safety.strobes) effects.push({ type: "signal", device, active: is });
}

/** Apply a new safety state: persist first, then record, then drive every door and the strobes. */
function changeSafety(
  model: SiteModel,
  state: CoreState,
  next: SafetyState,
  record: Effect,
  now: number,
): SafetyStep {
  const effects: Effect[] = [{ type: "persist_safety", safety: next }, record];
  signals(model, state.safety, next, effects);
  const changed = reconcileAll(model, { ...state, safety: next }, now, "mode", effects);
  effects.push({ type: "site_state" });
  return { state: changed, effects };
}

function refuse(state: CoreState, { code, message }: ModeRefusal): SafetyStep {
  return { state, effects: [{ type: "refused", code, message }] };
}

/** What raising a mode asks. */
export interface RaiseRequest {
  readonly mode: Mode;
  readonly drill: boolean;
  readonly silent: boolean;
  readonly by: Principal;
  readonly reason: string | null;
  readonly location: string | null;
}

/**
 * Raise a mode. Rights are checked against the mode's `raise` list; a mode of lower priority than the
 * current one is refused (it needs an authorised clear first: see mode-rights.ts); raising the current mode again only
 * matters when it turns a drill into the real thing or a silent mode audible.
 */
export function raiseMode(model: SiteModel, state: CoreState, req: RaiseRequest, now: number): SafetyStep {
  const current = state.safety;
  const refused = raiseRefusal(model, current.mode, req.mode, req.by.name);
  if (refused !== null) return refuse(state, refused);
  const same = current.mode === req.mode;
  const drill = same ? current.drill && req.drill : req.drill;
  const silent = same ? current.silent && req.silent : req.silent;
  if (same && drill === current.drill && silent === current.silent) return { state, effects: [] };
  const next: SafetyState = { mode: req.mode, drill, silent, since: wallTime(state, now), by: req.by.name };
  const record: Effect = {
    type: "event",
    event: {
      type: "mode",
      action: "raised",
      mode: req.mode,
      previous: current.mode,
      drill,
      silent,
      by: req.by.name,
      actor: req.by.actor,
      location: req.location,
      reason: req.reason,
    },
  };
  return changeSafety(model, state, next, record, now);
}

/** Clear the current mode back to normal, if the principal may clear it. Modes never revert on their own. */
export function clearMode(model: SiteModel, state: CoreState, by: Principal, reason: string | null, now: number): SafetyStep {
  const current = state.safety;
  const refused = clearRefusal(model, current.mode, by.name);
  if (refused !== null) return refuse(state, refused);
  const next: SafetyState = { mode: "normal", drill: false, silent: false, since: wallTime(state, now), by: by.name };
  const record: Effect = {
    type: "event",
    event: {
      type: "mode",
      action: "cleared",
      mode: "normal",
      previous: current.mode,
      drill: current.drill,
      silent: current.silent,
      by: by.name,
      actor: by.actor,
      location: null,
      reason,
    },
  };
  return changeSafety(model, state, next, record, now);
}

/**
 * A fire alarm input changed. Active: every access-controlled egress door is released in this very
 * decision, whatever the mode (NFPA 72 §10.11.1 asks for 10 s; this is one decision). Cleared: doors
 * return to their rules once no fire input is active.
 */
export function fireAlarm(model: SiteModel, state: CoreState, device: string, active: boolean, now: number): SafetyStep {
  const was = state.fire.includes(device);
  if (was === active) return { state, effects: [] };
  const fire = active ? [...state.fire, device] : state.fire.filter((d) => d !== device);
  const effects: Effect[] = [
    {
      type: "event",
      event: {
        type: "alarm",
        alarm: "fire",
        active,
        device,
        door: null,
        location: model.deviceLocation.get(device) ?? null,
        until: null,
      },
    },
  ];
  const changed = reconcileAll(model, { ...state, fire }, now, "fire", effects);
  effects.push({ type: "site_state" });
  return { state: changed, effects };
}
