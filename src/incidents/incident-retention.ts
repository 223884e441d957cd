import type { Database, Statement } from "better-sqlite3";
import type { TimerApi } from "../time/timers.js";
import type { Logger } from "../util/log.js";

/** Incidents per batch: one short transaction (their history goes with them) and one fsync. */
export const INCIDENT_PRUNE_BATCH = 200;
/** First run after start, once the doors have settled; then every INCIDENT_PRUNE_EVERY_MS. */
export const INCIDENT_PRUNE_FIRST_MS = 90_000;
export const INCIDENT_PRUNE_EVERY_MS = 3_600_000;

/**
 * Removes closed incidents whose close is older than the retention, a batch per call, their history
 * with them (the foreign key cascades). Open incidents stay, whatever their age.
 */
export class IncidentPruner {
  private readonly deleteStmt: Statement<[string, number]>;

  constructor(
    db: Database,
    private readonly retentionMs: number,
  ) {
    this.deleteStmt = db.prepare(
      `DELETE FROM incidents WHERE id IN (
         SELECT id FROM incidents WHERE status = 'closed' AND closed_at < ? ORDER BY closed_at LIMIT ?)`,
    );
  }

  /** Delete up to INCIDENT_PRUNE_BATCH incidents closed before `now` minus the retention; how many went. */
  pruneBatch(now: number): number {
    return this.deleteStmt.run(new Date(now - this.retentionMs).toISOString(), INCIDENT_PRUNE_BATCH).changes;
  }
}

/** Runs the pruner off the decision path: batch after batch until one finds nothing, then waits. */
export function runIncidentRetention(pruner: IncidentPruner, timers: TimerApi, log: Logger): { stop(): void } {
  let timer: unknown = null;
  let running = true;
  let pruned = 0;
  const schedule = (ms: number): void => {
    if (running) timer = timers.setTimeout(batch, ms);
  };
  function batch(): void {
    let n: number;
    try {
      n = pruner.pruneBatch(timers.now());
    } catch (err) {
      log.error({ err }, "incidents not pruned");
      return schedule(INCIDENT_PRUNE_EVERY_MS);
    }
    pruned += n;
    if (n > 0) return schedule(0);
    if (pruned > 0) log.info({ pruned }, "closed incidents past their retention removed");
    pruned = 0;
    schedule(INCIDENT_PRUNE_EVERY_MS);
  }
  schedule(INCIDENT_PRUNE_FIRST_MS);
  return {
    stop: () => {
      running = false;
      if (timer !== null) timers.clearTimeout(timer);
    },
  };
}
