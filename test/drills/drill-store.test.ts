import { describe, expect, it } from "vitest";
import type { DrillStore } from "../../src/drills/drill-store.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { drillStore } from "../helpers/drill-store.js";

const cleanups = cleanupsAfterEach();

const store = (): DrillStore => drillStore(cleanups);

describe("drill store", () => {
  it("keeps who started and ended a drill, its participants and its evidence", () => {
    const drills = store();
    const id = drills.start("lockdown", 1000, "officer-1");
    drills.note(id, ["law_enforcement", "law_enforcement"], "Officer observed from the office");
    drills.end(id, 5000, "admin-1", { secureMs: 2500, unsecured: ["gym-east"] });
    drills.end(id, 9000, "someone-else");
    expect(drills.get(id)).toEqual({
      id,
      type: "lockdown",
      startedAt: 1000,
      startedBy: "officer-1",
      endedAt: 5000,
      endedBy: "admin-1",
      participants: ["law_enforcement"],
      notes: "Officer observed from the office",
      detail: { secureMs: 2500, unsecured: ["gym-east"] },
    });
  });

  it("lists the drills started in a period", () => {
    const drills = store();
    drills.start("fire", 100, "a");
    const inside = drills.start("evacuation", 200, "a");
    drills.start("fire", 300, "a");
    expect(drills.between(150, 300).map((d) => d.id)).toEqual([inside]);
  });

  it("pages the drills of a period newest first, ties in the order they were recorded", () => {
    const drills = store();
    const [a, b, c, d] = [100, 200, 200, 300].map((at) => drills.start("fire", at, "a"));
    drills.start("fire", 400, "a");
    const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
    expect(ids(drills.page(100, 400, 2))).toEqual([d, c]);
    expect(ids(drills.page(100, 400, 2, c))).toEqual([b, a]);
    expect(ids(drills.page(100, 400, 2, a))).toEqual([]);
  });
});
