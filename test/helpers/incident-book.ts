import { randomUUID } from "node:crypto";
import type { IncidentEvent, IncidentKind } from "../../src/core/incident-events.js";
import type { IncidentRecord } from "../../src/bus/incident-payloads.js";
import { IncidentBook } from "../../src/incidents/incident-book.js";
import { IncidentStore } from "../../src/incidents/incident-store.js";
import type { Database } from "../../src/store/database.js";

/** An incident book over a real store, on a clock the test sets, keeping the events it reports. */
export function incidentBook(db: Database, start = Date.parse("2025-09-01T12:00:00.000Z")) {
  const clock = { now: start };
  const reported: IncidentEvent[] = [];
  const book = new IncidentBook({ store: new IncidentStore(db), now: () => clock.now, newId: randomUUID, report: (e) => void reported.push(e) });
  /** Open an incident of `kind` at `place` that occurred at `occurredAt`, opened at that instant. */
  const open = (kind: IncidentKind, place: string, occurredAt: string): IncidentRecord => {
    clock.now = Date.parse(occurredAt);
    return book.open({ action: "open", kind, place, occurred_at: occurredAt, narrative: "what was seen", people: { cardholders: [], visitors: [] }, events: [], alarms: [] }, "officer");
  };
  /** Close `id` at `closedAt`. */
  const close = (id: string, closedAt: string): IncidentRecord => {
    clock.now = Date.parse(closedAt);
    return book.close({ action: "close", incident: id }, "officer");
  };
  return { book, clock, reported, open, close };
}
