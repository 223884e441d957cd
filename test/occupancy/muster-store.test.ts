import { describe, expect, it } from "vitest";
import { openMuster, type MusterRecord } from "../../src/occupancy/muster-book.js";
import { MusterStore } from "../../src/occupancy/muster-store.js";
import { auditStore } from "../helpers/audit-store.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";

const DAY = 86_400_000;
const NOW = Date.parse("2026-12-24T15:00:00Z");
const POINTS = [{ id: "north-field", name: "North field" }];

/** A roll call started `daysAgo` before NOW with one cardholder and one visitor, ended a minute later unless `open`. */
function rollCall(id: string, daysAgo: number, open = false): MusterRecord {
  const startedAt = NOW - daysAgo * DAY;
  const record = openMuster({ id, startedAt, startedBy: "officer", mode: "evacuate", drill: true, points: POINTS }, [
    { id: "h-1", kind: "student", name: null },
    { id: `visitor:v-${id}`, kind: "visitor", name: `Visitor ${id}`, held: true },
  ]);
  if (!open) Object.assign(record, { endedAt: startedAt + 60_000, endedBy: "officer" });
  return record;
}

describe("the roll calls' visitor names in the store", () => {
  const cleanups = cleanupsAfterEach();

  it("empties the names of ended roll calls started before the cut-off only; an open one keeps them", () => {
    const { db } = auditStore(cleanups);
    const store = new MusterStore(db);
    for (const r of [rollCall("a", 40), rollCall("b", 31), rollCall("c", 29), rollCall("d", 35, true)]) {
      store.create(r);
      if (r.endedAt !== null) store.end(r);
    }
    expect(store.forgetNames(NOW - 30 * DAY)).toBe(2);
    const names = db.prepare("SELECT muster, person, name, held FROM muster_people WHERE kind = 'visitor' ORDER BY muster").all();
    expect(names).toEqual([
      { muster: "a", person: "visitor:v-a", name: null, held: 1 },
      { muster: "b", person: "visitor:v-b", name: null, held: 1 },
      { muster: "c", person: "visitor:v-c", name: "Visitor c", held: 1 },
      { muster: "d", person: "visitor:v-d", name: "Visitor d", held: 1 },
    ]);
    // Run again the next day: nothing left to empty.
    expect(store.forgetNames(NOW - 30 * DAY)).toBe(0);
  });
});
