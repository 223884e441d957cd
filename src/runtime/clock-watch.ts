import type { Input } from "../core/inputs.js";
import type { Logger } from "../util/log.js";
import type { ClockSyncSource } from "./clock-sync.js";
import type { SteadyClock } from "../time/steady-clock.js";

/**
 * How far the wall clock may drift from steady time before it counts as a step. NTP slews the
 * clock by at most 0.5 ms per second, so slewing never moves it 2 s between two checks; a step (NTP
 * at boot, an operator, an RTC-less Pi catching up) does. 2 s is also well under the shortest
 * schedule precision (a minute), so schedules are never late by more than that plus CHECK_MS.
 */
export const JUMP_THRESHOLD_MS = 2000;

/** How often the wall clock is compared with steady time: a step is seen within this. */
export const CHECK_MS = 1000;

/** How often the time source is asked about sync: timedatectl starts a process, and sync changes slowly. */
export const SYNC_CHECK_MS = 60_000;

/** What the watch needs: the engine's clock, where to submit clock inputs, and the time source. */
export interface ClockWatchDeps {
  readonly clock: SteadyClock;
  readonly submit: (input: Input) => void;
  readonly sync: ClockSyncSource;
  readonly log: Logger;
}

/**
 * Watches the wall clock against steady time and the time source's sync status, and tells the
 * core: a step beyond JUMP_THRESHOLD_MS becomes a `clock_jump` input (the core raises the alarm and
 * recomputes schedules), a change of sync status a `clock_sync` input.
 */
export class ClockWatch {
  private reported = 0;
  private synced: boolean | null = null;
  private timer: unknown = null;
  private sinceSync = SYNC_CHECK_MS;
  private stopped = false;

  constructor(private readonly deps: ClockWatchDeps) {}

  /** Check now and then every CHECK_MS. */
  start(): void {
    this.check();
  }

  /** Stop checking. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private check(): void {
    const offset = this.deps.clock.offset();
    if (Math.abs(offset - this.reported) > JUMP_THRESHOLD_MS) {
      const stepMs = offset - this.reported;
      this.reported = offset;
      this.deps.log.warn({ stepMs, offsetMs: offset }, "wall clock stepped");
      this.deps.submit({ kind: "clock_jump", offsetMs: offset, stepMs });
    }
    this.sinceSync += CHECK_MS;
    if (this.sinceSync >= SYNC_CHECK_MS) {
      this.sinceSync = 0;
      void this.askSync();
    }
    this.timer = this.deps.clock.setTimeout(() => this.check(), CHECK_MS);
  }

  private async askSync(): Promise<void> {
    let synced: boolean | null;
    try {
      synced = await this.deps.sync();
    } catch (err) {
      this.deps.log.warn({ err }, "clock sync status could not be read");
      synced = null;
    }
    if (this.stopped || synced === null || synced === this.synced) return;
    this.synced = synced;
    this.deps.submit({ kind: "clock_sync", synced });
  }
}
