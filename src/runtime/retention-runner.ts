import type { PruneResult, Pruner } from "../store/retention.js";
import type { TimerApi } from "../time/timers.js";
import type { Logger } from "../util/log.js";

/** How often retention runs: pruning is never urgent, and an hour's events are a few batches. */
export const RETENTION_EVERY_MS = 600_000;
/** First run after start, once the doors and the uplink have settled. */
export const RETENTION_FIRST_MS = 60_000;
/** Pause between two batches: the event loop (door decisions) runs in between. */
export const RETENTION_PAUSE_MS = 50;

/**
 * Runs the pruner off the decision path: every RETENTION_EVERY_MS, batch after batch with a pause
 * between them, until a batch finds nothing to prune. One log line per run that pruned, and a warning
 * (once until it clears) when the store is over its size and only undelivered events are left.
 */
export class RetentionRunner {
  private timer: unknown = null;
  private pruned = 0;
  private heldBack = false;
  private running = false;

  constructor(
    private readonly pruner: Pruner,
    private readonly timers: TimerApi,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.running = true;
    this.schedule(RETENTION_FIRST_MS);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.running) this.timer = this.timers.setTimeout(() => this.batch(), ms);
  }

  private batch(): void {
    let result: PruneResult;
    try {
      result = this.pruner.pruneBatch(this.timers.now());
    } catch (err) {
      this.log.error({ err }, "audit log not pruned");
      this.schedule(RETENTION_EVERY_MS);
      return;
    }
    this.pruned += result.pruned;
    if (result.pruned > 0) return this.schedule(RETENTION_PAUSE_MS);
    if (this.pruned > 0) this.log.info({ pruned: this.pruned, usedBytes: this.pruner.usedBytes() }, "audit log pruned to its retention");
    if (result.heldBack && !this.heldBack) this.log.warn({ usedBytes: this.pruner.usedBytes() }, "audit log over its size limit: the rest waits for the district");
    this.heldBack = result.heldBack;
    this.pruned = 0;
    this.schedule(RETENTION_EVERY_MS);
  }
}
