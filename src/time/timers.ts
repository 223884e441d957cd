/** Clock and timer functions, injected so tests can run on fake time. */
export interface TimerApi {
  /** Current time, ms. For the engine a steady clock (steady-clock.ts); elsewhere epoch ms. */
  now(): number;
  /** Wall time (epoch ms) when `now` is steady time; absent when `now` is the wall clock itself. */
  wall?(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemTimers: TimerApi = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
