/**
 * Clock inputs: a wall-clock step moves the core's schedule view (see wall-time.ts) and recomputes
 * every door's schedule; the time source's sync status raises or ends an alarm and marks events.
 */
import type { Effect } from "./effects.js";
import type { ClockJumpInput, ClockSyncInput } from "./inputs.js";
import type { SiteModel } from "./model.js";
import { reconcileAll } from "./safety.js";
import type { CoreState } from "./state.js";
import type { ClockState } from "./wall-time.js";

/** The device name clock alarms carry: the gateway's own clock. */
export const CLOCK_DEVICE = "system_clock";

function clockAlarm(alarm: "clock_jump" | "clock_unsynced", active: boolean): Effect {
  return {
    type: "event",
    event: { type: "alarm", alarm, active, device: CLOCK_DEVICE, door: null, location: null, until: null },
  };
}

/**
 * The wall clock stepped: record a `clock_jump` alarm, take the new offset for schedules and bring
 * every door to its schedule at the new wall time. Armed deadlines are steady and do not move.
 */
export function onClockJump(model: SiteModel, state: CoreState, input: ClockJumpInput, now: number): { state: CoreState; effects: Effect[] } {
  const effects: Effect[] = [clockAlarm("clock_jump", true)];
  const moved: CoreState = { ...state, clock: { offsetMs: input.offsetMs, unsynced: state.clock?.unsynced ?? false } };
  return { state: reconcileAll(model, moved, now, "schedule", effects), effects };
}

/** The time source's sync status changed: raise or end the `clock_unsynced` alarm. */
export function onClockSync(state: CoreState, input: ClockSyncInput): { state: CoreState; effects: Effect[] } {
  const unsynced = !input.synced;
  if ((state.clock?.unsynced ?? false) === unsynced) return { state, effects: [] };
  const clock: ClockState = { offsetMs: state.clock?.offsetMs ?? 0, unsynced };
  return { state: { ...state, clock }, effects: [clockAlarm("clock_unsynced", unsynced)] };
}

/** Mark every event of a decision taken while the clock is unsynchronised: its times may be wrong. */
export function markUnsynced(effects: readonly Effect[]): Effect[] {
  return effects.map((e) => (e.type === "event" ? { ...e, event: { ...e.event, clock_unsynced: true } } : e));
}
