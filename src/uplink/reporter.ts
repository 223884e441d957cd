import type { UplinkStatePayload } from "../bus/topics.js";
import type { EventBody } from "../core/events.js";
import type { Logger } from "../util/log.js";
import type { TimerApi } from "../time/timers.js";
import type { Outbox } from "./outbox.js";

/** What the reporter reads and where it reports. */
export interface ReporterDeps {
  /** Where the figures come from and the quota is applied. */
  readonly outbox: Outbox;
  /** The backlog quota (`backlog.max_events`). */
  readonly maxBacklogEvents: number;
  /** Whether the district broker is connected now. */
  readonly connected: () => boolean;
  /** Publish `state/uplink` (retained, locally and to the district). */
  readonly publish: (state: UplinkStatePayload) => void;
  /** Record an `uplink` event when events were dropped. */
  readonly record: (bodies: readonly EventBody[]) => void;
  /** Clock and the report timer. */
  readonly timers: TimerApi;
  /** The uplink's logger. */
  readonly log: Logger;
}

/**
 * How often the backlog is measured, the quota enforced and `state/uplink` refreshed. 5 s keeps the
 * district's view of a draining backlog current while the count (a range scan) stays rare.
 */
const REPORT_MS = 5_000;

/**
 * Keeps `state/uplink` and the logs current: backlog size, delivery lag and dropped events. Every
 * REPORT_MS it enforces the backlog quota, records an `uplink` event for newly dropped events,
 * publishes the state when it changed, and logs an info line while a backlog waits.
 */
export class UplinkReporter {
  private timer: unknown = null;
  private since: string | null = null;
  private lastJson = "";
  private lastBacklog = 0;

  constructor(private readonly deps: ReporterDeps) {}

  /** Report now and every REPORT_MS until `stop`. */
  start(): void {
    this.tick();
  }

  /** No more reports after this. */
  stop(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** The link went up or down: note when, and report at once. */
  changed(): void {
    this.since = new Date(this.deps.timers.now()).toISOString();
    this.report();
  }

  /** The outbox drained: if the last report showed a backlog, report now rather than at the next tick. */
  drained(): void {
    if (this.lastBacklog > 0) this.report();
  }

  /** The current figures. */
  state(): UplinkStatePayload {
    const now = this.deps.timers.now();
    const s = this.deps.outbox.stats();
    const oldest = s.oldestTs === null ? now : Date.parse(s.oldestTs);
    return {
      connected: this.deps.connected(),
      backlog: s.backlog,
      acked_seq: s.ackedSeq,
      last_seq: s.lastSeq,
      lag_ms: Math.max(0, Math.round(now - oldest)),
      dropped: s.dropped,
      since: this.since,
    };
  }

  private tick(): void {
    this.enforceQuota();
    const state = this.report();
    if (state !== null && state.backlog > 0) {
      this.deps.log.info(
        { backlog: state.backlog, lagMs: state.lag_ms, ackedSeq: state.acked_seq, lastSeq: state.last_seq, connected: state.connected },
        "uplink backlog",
      );
    }
    this.timer = this.deps.timers.setTimeout(() => this.tick(), REPORT_MS);
  }

  private enforceQuota(): void {
    const { outbox, timers, log } = this.deps;
    try {
      const dropped = outbox.enforceQuota(this.deps.maxBacklogEvents, timers.now());
      if (dropped > 0) log.warn({ dropped, max: this.deps.maxBacklogEvents }, "uplink backlog over quota, routine events skipped");
      const report = outbox.dropReport();
      if (report !== null) {
        this.deps.record([
          { type: "uplink", action: "dropped", count: report.count, total: report.total, through_seq: report.throughSeq },
        ]);
        outbox.markReported(report, timers.now());
      }
    } catch (err) {
      log.error({ err }, "uplink backlog quota not enforced");
    }
  }

  /** Publish the state if it changed (the lag alone moves every tick while a backlog waits). */
  private report(): UplinkStatePayload | null {
    try {
      const state = this.state();
      this.lastBacklog = state.backlog;
      const json = JSON.stringify(state);
      if (json !== this.lastJson) {
        this.lastJson = json;
        this.deps.publish(state);
      }
      return state;
    } catch (err) {
      this.deps.log.error({ err }, "uplink state not measured");
      return null;
    }
  }
}
