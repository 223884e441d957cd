import { describe, expect, it } from "vitest";
import { RequestError } from "../../src/bus/requests.js";
import { auditStore } from "../helpers/audit-store.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { incidentBook } from "../helpers/incident-book.js";

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof RequestError) return err.code;
    throw err;
  }
  throw new Error("not refused");
}

describe("incident records in the store", () => {
  const cleanups = cleanupsAfterEach();

  it("keeps history rows unchanged and a closed incident unchanged, even to SQL", () => {
    const { db } = auditStore(cleanups);
    const { open, close } = incidentBook(db);
    const { id } = open("theft", "locker-hall", "2025-09-01T10:00:00.000Z");
    expect(() => db.prepare("UPDATE incident_history SET by = 'someone else' WHERE incident = ?").run(id)).toThrow(/append-only/);
    close(id, "2025-09-01T11:00:00.000Z");
    expect(() => db.prepare("UPDATE incidents SET place = 'gym' WHERE id = ?").run(id)).toThrow(/reopened/);
  });

  it("a reopen is the one change of a closed incident, with its reason in the history and its own event", () => {
    const { db } = auditStore(cleanups);
    const { book, open, close, reported } = incidentBook(db);
    const { id } = open("threat", "front-office", "2025-09-01T10:00:00.000Z");
    close(id, "2025-09-01T11:00:00.000Z");
    expect(refusal(() => book.close({ action: "close", incident: id }, "officer"))).toBe("closed");
    expect(refusal(() => book.update({ action: "update", incident: id, narrative: "more" }, "officer"))).toBe("closed");
    const reopened = book.reopen({ action: "reopen", incident: id, reason: "a witness came forward" }, "admin");
    expect(reopened).toMatchObject({ status: "open", closed_at: null, closed_by: null, updated_by: "admin" });
    expect(reopened.history.at(-1)).toMatchObject({ n: 3, action: "reopened", by: "admin", changes: { reason: "a witness came forward" } });
    expect(refusal(() => book.reopen({ action: "reopen", incident: id, reason: "again" }, "admin"))).toBe("not_closed");
    expect(reported.map((e) => [e.action, e.status])).toEqual([["opened", "open"], ["closed", "closed"], ["reopened", "open"]]);
    expect(refusal(() => book.update({ action: "update", incident: id }, "officer"))).toBe("nothing_to_update");
  });

  it("lists by status, kind and period, newest first, without narratives or people", () => {
    const { db } = auditStore(cleanups);
    const { book, open, close } = incidentBook(db);
    const a = open("fight", "gym", "2025-09-01T10:00:00.000Z");
    open("medical", "gym", "2025-09-02T10:00:00.000Z");
    const c = open("fight", "bus-loop", "2025-09-03T10:00:00.000Z");
    close(a.id, "2025-09-04T10:00:00.000Z");
    const list = (filter: object) => book.list({ action: "list", limit: 100, ...filter }).map((i) => i.id);
    expect(list({ kind: "fight", status: "open" })).toEqual([c.id]);
    expect(list({ from: "2025-09-01T00:00:00Z", to: "2025-09-02T00:00:00Z" })).toEqual([a.id]);
    const [first] = book.list({ action: "list", limit: 1 });
    expect(first).toMatchObject({ id: c.id, people: 0, events: 0, alarms: 0 });
    expect(first).not.toHaveProperty("narrative");
  });
});
