/**
 * The core's two times. `now`, as `decide` receives it, is steady time: it never jumps, so every
 * deadline (relock, held-open, lockout, PIN, panic hold, overrides) keeps its distance whatever the
 * wall clock does. Wall time, for schedules, validity dates and the times the core writes into
 * events, is `now + offsetMs`; the runtime reports a wall-clock step as a `clock_jump` input.
 */
import type { CoreState } from "./state.js";

/** What the core knows of the wall clock. Absent from a state: no step seen, sync unknown. */
export interface ClockState {
  /** Wall time minus steady time, ms. */
  readonly offsetMs: number;
  /** True only when the time source said the clock is not synchronised (unknown is not unsynced). */
  readonly unsynced: boolean;
}

/** Wall time (epoch ms) at steady time `now`. */
export function wallTime(state: CoreState, now: number): number {
  return state.clock === undefined ? now : now + state.clock.offsetMs;
}

/** Steady time of a wall-clock instant (an absolute deadline given in wall time). */
export function steadyTime(state: CoreState, wall: number): number {
  return state.clock === undefined ? wall : wall - state.clock.offsetMs;
}


/** Wall time minus steady time, ms (0 until a step was reported). */
export function wallOffset(state: CoreState): number {
  return state.clock === undefined ? 0 : state.clock.offsetMs;
}
