import type { TimerApi } from "../time/timers.js";

/**
 * Turns the core's wake effects into one timer: it always waits for the earliest requested time and
 * then calls `onWake`. Earlier requests replace later timers; duplicates collapse.
 */
export class WakeTimer {
  private readonly pending: number[] = [];
  private handle: unknown = null;
  private armedFor: number | null = null;
  private stopped = false;

  constructor(
    private readonly timers: TimerApi,
    private readonly onWake: () => void,
  ) {}

  /** Ask to be woken at `at` (the timers' `now` scale). */
  request(at: number): void {
    if (this.stopped) return;
    let i = this.pending.length;
    while (i > 0 && (this.pending[i - 1] as number) > at) i--;
    if (this.pending[i - 1] !== at) this.pending.splice(i, 0, at);
    this.arm();
  }

  /** Cancel everything; later requests are ignored. */
  stop(): void {
    this.stopped = true;
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
    this.pending.length = 0;
  }

  private arm(): void {
    const next = this.pending[0];
    if (next === undefined || next === this.armedFor) return;
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.armedFor = next;
    this.handle = this.timers.setTimeout(() => this.fire(), Math.max(0, next - this.timers.now()));
  }

  private fire(): void {
    this.handle = null;
    this.armedFor = null;
    const now = this.timers.now();
    while (this.pending.length > 0 && (this.pending[0] as number) <= now) this.pending.shift();
    this.onWake();
    this.arm();
  }
}
