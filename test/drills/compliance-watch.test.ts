import { describe, expect, it } from "vitest";
import type { DrillsStatePayload } from "../../src/bus/drill-payloads.js";
import type { AlarmEvent, EventBody } from "../../src/core/events.js";
import { ComplianceWatch } from "../../src/drills/compliance-watch.js";
import { compileDrills } from "../../src/drills/drills-model.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { drillStore } from "../helpers/drill-store.js";
import { ManualTimers } from "../helpers/manual-timers.js";

const cleanups = cleanupsAfterEach();

const DAY = 86_400_000;
/** Two school years of a site on UTC; the law-enforcement drill of the first is due by 2026-11-17 00:00 UTC. */
const model = compileDrills(
  {
    profile: "illinois",
    school_years: { "2026-27": { first_day: "2026-08-19", last_day: "2027-06-01" }, "2027-28": { first_day: "2027-08-18", last_day: "2028-05-31" } },
  },
  "UTC",
);

function watch(start: number, drill = { on: false }) {
  const timers = new ManualTimers(start);
  const store = drillStore(cleanups);
  const states: DrillsStatePayload[] = [];
  const alarms: AlarmEvent[] = [];
  const report = (...events: EventBody[]) => alarms.push(...events.filter((e): e is AlarmEvent => e.type === "alarm"));
  const w = new ComplianceWatch({ model, store, now: () => timers.now(), timers, publish: (s) => states.push(s), report, drillOn: () => drill.on });
  cleanups.push(() => w.stop());
  return { w, timers, store, states, alarms };
}

describe("the school year's compliance in the runtime", () => {
  it("raises one drill_overdue alarm on the day a requirement passes its deadline, not again on each check", () => {
    const t = watch(Date.parse("2026-11-15T12:00:00Z"));
    t.w.start();
    expect(t.states.at(-1)).toMatchObject({ year: "2026-27", overdue: 0 });
    t.timers.advance(DAY);
    expect(t.alarms).toEqual([]);
    t.timers.advance(DAY);
    expect(t.alarms).toEqual([
      { type: "alarm", alarm: "drill_overdue", active: true, device: "drills:law_enforcement", door: null, location: null, until: null, reason: "0 of 1 held by 2026-11-16" },
    ]);
    t.timers.advance(3 * DAY);
    expect(t.alarms).toHaveLength(1);
    expect(t.states.at(-1)).toMatchObject({ overdue: 1 });
  });

  it("holds an overdue alarm while a drill mode is on and raises it once the drill ends", () => {
    const drill = { on: true };
    const t = watch(Date.parse("2026-11-20T12:00:00Z"), drill);
    t.w.start();
    expect(t.states.at(-1)).toMatchObject({ overdue: 1 });
    expect(t.alarms).toEqual([]);
    drill.on = false;
    t.w.check();
    expect(t.alarms.map((a) => [a.device, a.active])).toEqual([["drills:law_enforcement", true]]);
  });

  it("ends the alarm when a new school year begins", () => {
    const t = watch(Date.parse("2027-05-30T12:00:00Z"));
    t.w.start();
    expect(t.alarms.map((a) => a.active)).toEqual([true]);
    t.timers.advance(4 * DAY);
    expect(t.states.at(-1)).toMatchObject({ year: "2027-28", overdue: 0 });
    expect(t.alarms.map((a) => [a.device, a.active])).toEqual([
      ["drills:law_enforcement", true],
      ["drills:law_enforcement", false],
    ]);
  });

  it("a drill recorded in time moves its requirement to done at the next check", () => {
    const t = watch(Date.parse("2026-10-01T12:00:00Z"));
    t.w.start();
    const id = t.store.start("bus_evacuation", Date.parse("2026-10-01T13:00:00Z"), "officer");
    t.store.end(id, Date.parse("2026-10-01T13:20:00Z"), "officer");
    t.w.check();
    expect(t.states.at(-1)?.requirements.find((r) => r.id === "bus_evacuation")).toMatchObject({ status: "done", held: 1 });
    expect(t.w.compliance("2027-28")?.requirements.every((r) => r.status === "due")).toBe(true);
    expect(t.w.compliance("2030-31")).toBeUndefined();
  });
});
