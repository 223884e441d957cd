import type { TimerApi } from "./timers.js";

/** A clock that only moves forward at the rate of real time: `performance.now()` in production. */
export type MonotonicSource = () => number;

/**
 * Steady time for the decision core: wall time at start plus monotonic time elapsed since. It never
 * jumps when the wall clock is stepped (NTP, an operator, a dead RTC battery), so a 5 s relock is
 * 5 s away whatever `date` says. Timers are the base's (node's timers are monotonic already);
 * `wall()` is the base's clock, for timestamps and the jump check.
 */
export class SteadyClock implements TimerApi {
  private readonly anchorWall: number;
  private readonly anchorMono: number;

  constructor(
    private readonly base: TimerApi,
    private readonly monotonic: MonotonicSource,
  ) {
    this.anchorWall = base.now();
    this.anchorMono = monotonic();
  }

  /** Steady time, ms: epoch ms at start, then monotonic. */
  now(): number {
    return this.anchorWall + (this.monotonic() - this.anchorMono);
  }

  /** Wall time, epoch ms. */
  wall(): number {
    return this.base.now();
  }

  /** Wall time minus steady time, ms: 0 until the wall clock is stepped. */
  offset(): number {
    return this.wall() - this.now();
  }

  /** The base's timer: node's timers count elapsed time, not wall time. */
  setTimeout(fn: () => void, ms: number): unknown {
    return this.base.setTimeout(fn, ms);
  }

  /** Cancel a timer of `setTimeout`. */
  clearTimeout(handle: unknown): void {
    this.base.clearTimeout(handle);
  }
}
