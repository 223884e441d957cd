import type { Effect } from "./effects.js";
import type { KeySwitchInput, PanicInput, Principal } from "./inputs.js";
import type { PanicModel, SiteModel } from "./model.js";
import { clearMode, raiseMode, type SafetyStep } from "./safety.js";
import type { CoreState, PanicState } from "./state.js";

const IDLE: PanicState = { pressedAt: null, presses: [] };

function withPanic(state: CoreState, device: string, p: PanicState): CoreState {
  return { ...state, panics: { ...state.panics, [device]: p } };
}

/** The panic fires: the alert first (it must reach the district even if the mode is already on), then the mode. */
function trigger(model: SiteModel, state: CoreState, pm: PanicModel, now: number): SafetyStep {
  const alert: Effect = {
    type: "event",
    event: { type: "panic", device: pm.device, location: pm.location, mode: pm.mode, silent: pm.silent },
  };
  const by: Principal = { name: "panic", actor: pm.device, source: "device" };
  const raised = raiseMode(model, state, { mode: pm.mode, drill: false, silent: pm.silent, by, reason: "panic button", location: pm.location }, now);
  const effects = raised.effects.filter((e) => e.type !== "refused");
  return { state: raised.state, effects: [alert, ...effects] };
}

function armed(pm: PanicModel, p: PanicState, now: number): boolean {
  return p.pressedAt !== null && now - p.pressedAt >= pm.holdMs && p.presses.length >= pm.presses;
}

/** A panic button pressed or released: trigger on N presses within T, held at least X ms. */
export function onPanic(model: SiteModel, state: CoreState, input: PanicInput, now: number): SafetyStep {
  const pm = model.safety.panics.get(input.device);
  if (pm === undefined) return { state, effects: [] };
  const p = state.panics[input.device] ?? IDLE;
  if (!input.pressed) return { state: p.pressedAt === null ? state : withPanic(state, input.device, { ...p, pressedAt: null }), effects: [] };
  if (p.pressedAt !== null) return { state, effects: [] };
  const presses = [...p.presses.filter((t) => now - t < pm.withinMs), now].slice(-pm.presses);
  const next: PanicState = { pressedAt: now, presses };
  if (armed(pm, next, now)) return trigger(model, withPanic(state, input.device, IDLE), pm, now);
  const effects: Effect[] = pm.holdMs > 0 ? [{ type: "wake", at: now + pm.holdMs }] : [];
  return { state: withPanic(state, input.device, next), effects };
}

/** Held panics that reached their hold time. */
export function panicTick(model: SiteModel, state: CoreState, now: number, effects: Effect[]): CoreState {
  let next = state;
  for (const [device, p] of Object.entries(state.panics)) {
    const pm = model.safety.panics.get(device);
    if (pm === undefined || pm.holdMs === 0 || !armed(pm, p, now)) continue;
    const step = trigger(model, withPanic(next, device, IDLE), pm, now);
    next = step.state;
    effects.push(...step.effects);
  }
  return next;
}

/** A key switch: on raises its mode, off clears it (when the switch may clear it). */
export function onKeySwitch(model: SiteModel, state: CoreState, input: KeySwitchInput, now: number): SafetyStep {
  const ks = model.safety.keySwitches.get(input.device);
  const was = state.keySwitches.includes(input.device);
  if (ks === undefined || was === input.on) return { state, effects: [] };
  const keySwitches = input.on ? [...state.keySwitches, input.device] : state.keySwitches.filter((d) => d !== input.device);
  const moved = { ...state, keySwitches };
  const by: Principal = { name: "key_switch", actor: input.device, source: "device" };
  const step = input.on
    ? raiseMode(model, moved, { mode: ks.mode, drill: false, silent: false, by, reason: "key switch", location: ks.location }, now)
    : state.safety.mode === ks.mode
      ? clearMode(model, moved, by, "key switch off", now)
      : { state: moved, effects: [] };
  return { state: step.state, effects: step.effects.filter((e) => e.type !== "refused") };
}
