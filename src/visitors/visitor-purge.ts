import { DAY_MS } from "../core/local-time.js";
import type { TimerApi } from "../time/timers.js";
import type { Logger } from "../util/log.js";

/** First purge after start, once the doors and the uplink have settled (as the audit log's retention). */
export const VISITOR_PURGE_FIRST_MS = 60_000;

/**
 * Runs the visitor register's purge once a day, off the decision path: retention is counted in days,
 * so a daily run keeps a record at most a day past its limit.
 */
export class VisitorPurgeRunner {
  private timer: unknown = null;
  private running = false;

  constructor(
    private readonly purge: () => unknown,
    private readonly timers: TimerApi,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.running = true;
    this.schedule(VISITOR_PURGE_FIRST_MS);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      try {
        this.purge();
      } catch (err) {
        this.log.error({ err }, "visitor records not purged");
      }
      this.schedule(DAY_MS);
    }, ms);
  }
}
