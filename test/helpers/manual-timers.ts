import type { TimerApi } from "../../src/time/timers.js";

/** A clock that moves only when a test says so; the gateway's timers fire on `advance`. */
export class ManualTimers implements TimerApi {
  private t: number;
  private readonly queue = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;

  constructor(start = Date.parse("2026-11-23T08:00:00Z")) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.queue.set(id, { at: this.t + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.queue.delete(handle as number);
  }

  /** Move the clock forward, firing due timers in time order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.queue.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.queue.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      due[1].fn();
    }
    this.t = end;
  }
}
