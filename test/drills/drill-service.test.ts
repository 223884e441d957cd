import { describe, expect, it } from "vitest";
import type { DrillEvent } from "../../src/core/drill-events.js";
import type { EventBody, StoredEvent } from "../../src/core/events.js";
import { DrillService } from "../../src/drills/drill-service.js";
import type { DoorAtRaise } from "../../src/drills/time-to-secure.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { drillStore } from "../helpers/drill-store.js";

const cleanups = cleanupsAfterEach();

const T0 = Date.parse("2026-11-23T15:00:00Z");
let seq = 0;
const stored = (at: number, body: EventBody): StoredEvent => ({ ...body, id: crypto.randomUUID(), seq: ++seq, ts: new Date(at).toISOString() });
const mode = (at: number, action: "raised" | "cleared", m: string, drill: boolean) =>
  stored(at, { type: "mode", action, mode: action === "raised" ? m : "normal", previous: action === "raised" ? "normal" : m, drill, silent: false, by: "officer", actor: "sro", location: null, reason: null });
const door = (at: number, d: string, action: "closed" | "locked" | "unlocked") => stored(at, { type: "door", door: d, action });

function service(store = drillStore(cleanups), doors: DoorAtRaise[] = []) {
  const events: DrillEvent[] = [];
  const s = new DrillService({
    store,
    report: (...bodies) => events.push(...bodies.filter((e): e is DrillEvent => e.type === "drill")),
    now: () => T0,
    lockdownDoors: () => doors,
    changed: () => undefined,
  });
  return { s, store, events };
}

describe("drill records from the recorded modes", () => {
  it("records nothing for a mode raised for real", () => {
    const t = service();
    t.s.onRecorded([mode(T0, "raised", "lockdown", false), mode(T0 + 1000, "cleared", "lockdown", false)]);
    expect(t.events).toEqual([]);
    expect(t.store.running()).toBeUndefined();
  });

  it("judges a door without a contact by its lock and lists it", () => {
    const doors = [
      { door: "east", hasContact: true, locked: true, closed: true },
      { door: "closet", hasContact: false, locked: false, closed: true },
    ];
    const t = service(undefined, doors);
    t.s.onRecorded([mode(T0, "raised", "lockdown", true)]);
    t.s.onRecorded([door(T0 + 1500, "closet", "locked")]);
    expect(t.events.map((e) => [e.action, e.secure_ms])).toEqual([
      ["started", undefined],
      ["updated", 1500],
    ]);
    t.s.onRecorded([mode(T0 + 9000, "cleared", "lockdown", true)]);
    expect(t.events.at(-1)).toMatchObject({ action: "ended", ended_by: "sro", secure_ms: 1500, unsecured: [], lock_only: ["closet"] });
  });

  it("ends, on the clear, a drill the last run left running", () => {
    const first = service();
    first.s.onRecorded([mode(T0, "raised", "evacuate", true)]);
    expect(first.events[0]).toMatchObject({ drill_type: "evacuation", mode: "evacuate" });
    const second = service(first.store);
    second.s.onRecorded([mode(T0 + 60_000, "cleared", "evacuate", true)]);
    expect(second.events).toEqual([expect.objectContaining({ action: "ended", drill_id: first.events[0]?.drill_id, ended_by: "sro" })]);
    // A drill held without a mode is not ended by a mode's clear.
    const bus = second.s.start("bus_evacuation", "sro");
    second.s.onRecorded([mode(T0 + 120_000, "cleared", "hold", false)]);
    expect(second.store.get(bus.id)?.endedAt).toBeNull();
  });
});
