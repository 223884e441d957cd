import type { TimerApi } from "../../time/timers.js";

/** What a debouncer reports to. */
export interface DebounceSink {
  /** The line settled at a new state. */
  change(active: boolean): void;
  /** The line moved but settled back where it was: a bounce or a pulse shorter than the window. */
  glitch(): void;
}

/** Options of a debouncer. */
export interface DebounceOptions {
  /** Milliseconds a level must hold; 0 passes every edge through. */
  readonly ms: number;
  readonly timers: TimerApi;
  /** The settled state at start. */
  readonly initial: boolean;
  /** Reads the line's state now; taken when the window closes, so a missed last edge does no harm. */
  readonly sample: () => boolean;
}

/**
 * Settles a bouncing contact: every edge restarts a window of `ms`; when the window closes quietly,
 * the line is read and a change is reported if it differs from the settled state. A burst of bounces
 * gives one change; a press after the window gives another. Time comes from the injected timers.
 */
export class Debouncer {
  private settled: boolean;
  private handle: unknown = null;
  private stopped = false;

  constructor(
    private readonly opts: DebounceOptions,
    private readonly sink: DebounceSink,
  ) {
    this.settled = opts.initial;
  }

  /** The last settled state. */
  get state(): boolean {
    return this.settled;
  }

  /** An edge was seen (its level is not trusted: the line is sampled when the window closes). */
  edge(): void {
    if (this.stopped) return;
    if (this.handle !== null) this.opts.timers.clearTimeout(this.handle);
    if (this.opts.ms === 0) {
      this.handle = null;
      this.settle();
      return;
    }
    this.handle = this.opts.timers.setTimeout(() => {
      this.handle = null;
      this.settle();
    }, this.opts.ms);
  }

  /** Cancel a pending window; later edges are ignored. */
  stop(): void {
    this.stopped = true;
    if (this.handle !== null) this.opts.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  private settle(): void {
    const now = this.opts.sample();
    if (now === this.settled) {
      this.sink.glitch();
      return;
    }
    this.settled = now;
    this.sink.change(now);
  }
}
