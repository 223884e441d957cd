import { describe, expect, it } from "vitest";
import { compileIncidents } from "../../src/config/schema-incidents.js";
import { INCIDENT_PRUNE_EVERY_MS, INCIDENT_PRUNE_FIRST_MS, IncidentPruner, runIncidentRetention } from "../../src/incidents/incident-retention.js";
import { auditStore } from "../helpers/audit-store.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { incidentBook } from "../helpers/incident-book.js";
import { capturedLog } from "../helpers/log-lines.js";
import { ManualTimers } from "../helpers/manual-timers.js";

describe("incident retention", () => {
  const cleanups = cleanupsAfterEach();

  /** A closed incident from last year, one still open from then, and one closed last week. */
  function seeded() {
    const store = auditStore(cleanups);
    const { open, close } = incidentBook(store.db);
    const old = open("vandalism", "restroom-2", "2024-01-10T10:00:00.000Z");
    close(old.id, "2024-01-11T10:00:00.000Z");
    const stale = open("other", "field", "2024-01-10T10:00:00.000Z");
    const recent = open("vandalism", "restroom-2", "2025-08-20T10:00:00.000Z");
    close(recent.id, "2025-08-21T10:00:00.000Z");
    return { db: store.db, old, stale, recent };
  }

  it("removes closed incidents past it, with their history, and keeps open ones whatever their age", () => {
    const { db, old, stale, recent } = seeded();
    const { retentionMs } = compileIncidents(undefined, { max_age_days: 365 });
    const pruner = new IncidentPruner(db, retentionMs as number);
    expect(pruner.pruneBatch(Date.parse("2025-09-01T00:00:00.000Z"))).toBe(1);
    expect(db.prepare("SELECT id FROM incidents ORDER BY occurred_at").pluck().all()).toEqual([stale.id, recent.id]);
    expect(db.prepare("SELECT count(*) FROM incident_history WHERE incident = ?").pluck().get(old.id)).toBe(0);
  });

  it("runs off the decision path after start, then hourly, with one line saying how many went", () => {
    const { db, stale } = seeded();
    const timers = new ManualTimers(Date.parse("2025-09-01T00:00:00.000Z"));
    const { log, lines } = capturedLog();
    const runner = runIncidentRetention(new IncidentPruner(db, 30 * 86_400_000), timers, log);
    cleanups.push(() => runner.stop());
    const count = () => db.prepare("SELECT count(*) FROM incidents").pluck().get();
    timers.advance(INCIDENT_PRUNE_FIRST_MS - 1);
    expect(count()).toBe(3);
    timers.advance(1);
    expect(count()).toBe(2);
    expect(lines.filter((l) => l.msg === "closed incidents past their retention removed")).toMatchObject([{ pruned: 1 }]);
    // A month later the incident closed last week is past 30 days too; the open one still stays.
    timers.advance(30 * 86_400_000 + INCIDENT_PRUNE_EVERY_MS);
    expect(db.prepare("SELECT id FROM incidents").pluck().all()).toEqual([stale.id]);
  });
});
