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
const door = (at: number, d: string, action: "closed" | "locked" | "unlocked" | "forced_open") => stored(at, { type: "door", door: d, action });

function service(store = drillStore(cleanups), doors: DoorAtRaise[] = [], now = T0) {
  const events: DrillEvent[] = [];
  const s = new DrillService({
    store,
    report: (...bodies) => events.push(...bodies.filter((e): e is DrillEvent => e.type === "drill")),
    now: () => now,
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

  describe("a lockdown drill the gateway restarted during", () => {
    const doors = () => [
      { door: "east", hasContact: true, locked: true, closed: false },
      { door: "gym", hasContact: true, locked: true, closed: true },
    ];

    it("measures from the stored raise to the door secured after the restart", () => {
      const first = service(undefined, doors());
      first.s.onRecorded([mode(T0, "raised", "lockdown", true), door(T0 + 1000, "gym", "unlocked")]);
      // Restarted a minute on: east is still open, as its contact reports once the inputs are read.
      const second = service(first.store, [], T0 + 60_000);
      second.s.onRecorded([door(T0 + 60_010, "east", "forced_open"), door(T0 + 60_020, "gym", "locked")]);
      expect(second.events).toEqual([]);
      second.s.onRecorded([door(T0 + 75_000, "east", "closed")]);
      expect(second.events.map((e) => [e.action, e.secure_ms])).toEqual([["updated", 75_000]]);
      second.s.onRecorded([mode(T0 + 90_000, "cleared", "lockdown", true)]);
      const ended = second.events.at(-1);
      expect(ended).toMatchObject({ action: "ended", secure_ms: 75_000, unsecured: [] });
      expect(ended).not.toHaveProperty("secure_ms_at_most");
      expect(first.store.watches.load()).toBeUndefined();
    });

    it("keeps the figure seen before the stop", () => {
      const first = service(undefined, doors());
      first.s.onRecorded([mode(T0, "raised", "lockdown", true), door(T0 + 2500, "east", "closed")]);
      const second = service(first.store, [], T0 + 60_000);
      second.s.onRecorded([mode(T0 + 90_000, "cleared", "lockdown", true)]);
      expect(second.events).toEqual([expect.objectContaining({ action: "ended", secure_ms: 2500, unsecured: [] })]);
    });

    it("says only what it can prove of doors secured while it was down", () => {
      const first = service(undefined, doors());
      first.s.onRecorded([mode(T0, "raised", "lockdown", true)]);
      // Restarted a minute on: every contact reads closed, so nothing is recorded of east closing.
      const second = service(first.store, [], T0 + 60_000);
      second.s.onRecorded([mode(T0 + 90_000, "cleared", "lockdown", true)]);
      const ended = second.events.at(-1);
      expect(ended).toMatchObject({ action: "ended", secure_ms: null, secure_ms_at_most: 60_000, unsecured: [] });
      expect(ended?.secure_note).toContain("not running");
      expect(second.store.get(ended?.drill_id ?? 0)?.detail).toMatchObject({ secure_ms: null, secure_ms_at_most: 60_000 });
    });
  });
});
