import { describe, expect, it } from "vitest";
import { markPeople, musterCounts, musterView, openMuster, type MusterRecord } from "../../src/occupancy/muster-book.js";

const T0 = Date.parse("2026-11-23T15:25:00Z");
const POINTS = [
  { id: "north-field", name: "North field" },
  { id: "church-lot", name: "Church parking lot" },
];

function rollCall(): MusterRecord {
  return openMuster({ id: "5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716", startedAt: T0, startedBy: "officer", mode: "evacuate", drill: false, points: POINTS }, [
    { id: "h-1", kind: "student", name: null },
    { id: "h-2", kind: "student", name: null },
    { id: "h-3", kind: "staff", name: null },
    { id: "visitor:v-1", kind: "visitor", name: "Alex Visitor" },
    { id: "h-1", kind: "student", name: null },
  ]);
}

describe("the roll call's accounting", () => {
  it("starts with everyone expected once and unaccounted", () => {
    expect(musterCounts(rollCall())).toEqual({ expected: 4, accounted: 0, injured: 0, missing: 0, unaccounted: 4, extra: 0 });
  });

  it("keeps the four states disjoint as marks override each other, and counts the unexpected as extra only", () => {
    const r = rollCall();
    markPeople(r, { ids: ["h-1", "h-2"], status: "accounted", point: "north-field", by: "teacher-a" }, T0 + 1000);
    markPeople(r, { ids: ["h-3"], status: "missing", point: null, by: "teacher-b" }, T0 + 2000);
    // The missing staff member is found hurt at the other point; a student no one expected turns up.
    markPeople(r, { ids: ["h-3", "h-9", "h-9"], status: "injured", point: "church-lot", by: "teacher-b" }, T0 + 3000);
    const counts = musterCounts(r);
    expect(counts).toEqual({ expected: 4, accounted: 2, injured: 1, missing: 0, unaccounted: 1, extra: 1 });
    expect(counts.expected).toBe(counts.accounted + counts.injured + counts.missing + counts.unaccounted);
    const view = musterView(r);
    expect(view.points).toEqual([
      { id: "north-field", name: "North field", accounted: 2 },
      { id: "church-lot", name: "Church parking lot", accounted: 2 },
    ]);
    expect(view.unaccounted).toMatchObject([{ id: "visitor:v-1", kind: "visitor", name: "Alex Visitor", status: "unaccounted" }]);
    expect(view.injured).toMatchObject([
      { id: "h-3", by: "teacher-b", at: new Date(T0 + 3000).toISOString(), extra: false },
      { id: "h-9", kind: null, extra: true },
    ]);
  });

  it("carries a held visitor's flag into the view; everyone else, extras included, is not held", () => {
    const r = openMuster({ id: "5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716", startedAt: T0, startedBy: "officer", mode: "evacuate", drill: false, points: POINTS }, [
      { id: "h-1", kind: "student", name: null },
      { id: "visitor:v-2", kind: "visitor", name: "Sam Waiting", held: true },
    ]);
    markPeople(r, { ids: ["h-8"], status: "accounted", point: "north-field", by: "teacher-a" }, T0 + 1000);
    const view = musterView(r);
    expect(view.unaccounted.map((p) => [p.id, p.held])).toEqual([
      ["h-1", false],
      ["visitor:v-2", true],
    ]);
    expect(r.people.get("h-8")).toMatchObject({ held: false, expected: false });
  });

  it("refuses a point the site does not have and changes nothing", () => {
    const r = rollCall();
    expect(markPeople(r, { ids: ["h-1"], status: "accounted", point: "parking", by: "teacher-a" }, T0)).toBe("unknown_point");
    expect(musterCounts(r).unaccounted).toBe(4);
  });
});
