import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../../src/core/events.js";
import { applyChange, applyRestart, progressAt, secureResult, timeToSecure } from "../../src/drills/time-to-secure.js";

const raised = Date.parse("2026-09-10T14:00:00.000Z");
let seq = 0;
function door(name: string, action: "locked" | "unlocked" | "opened" | "closed", afterMs: number): StoredEvent {
  seq += 1;
  return { type: "door", door: name, action, drill: true, id: `e${seq}`, seq, ts: new Date(raised + afterMs).toISOString() } as StoredEvent;
}

describe("lockdown time to secure", () => {
  const doors = [
    { door: "front", hasContact: true, locked: false, closed: true },
    { door: "gym", hasContact: true, locked: false, closed: false },
    { door: "shed", hasContact: false, locked: false, closed: false },
  ];

  it("runs until every lock is locked and every contact closed", () => {
    const result = timeToSecure(raised, doors, [
      door("front", "locked", 500),
      door("shed", "locked", 700),
      door("gym", "locked", 800),
      door("gym", "closed", 42_000),
    ]);
    expect(result).toEqual({ secureMs: 42_000, unsecured: [], lockOnly: ["shed"] });
  });

  it("lists the doors left unsecured and what they lack", () => {
    const result = timeToSecure(raised, doors, [door("front", "locked", 500), door("gym", "locked", 800), door("shed", "locked", 900)]);
    expect(result.secureMs).toBeNull();
    expect(result.unsecured).toEqual([{ door: "gym", missing: ["contact"] }]);
  });

  it("restarts the clock when a secured door is opened again", () => {
    const result = timeToSecure(raised, doors, [
      door("front", "locked", 100),
      door("shed", "locked", 100),
      door("gym", "closed", 200),
      door("gym", "locked", 300),
      door("front", "opened", 400),
      door("front", "closed", 9_000),
    ]);
    expect(result.secureMs).toBe(9_000);
  });
});

describe("time to secure across a restart", () => {
  const doors = [
    { door: "front", hasContact: true, locked: true, closed: true },
    { door: "gym", hasContact: true, locked: true, closed: false },
  ];

  it("proves only an upper bound for doors found secured by a restart, and an exact figure once a door is seen securing", () => {
    const progress = progressAt(raised, doors);
    applyRestart(progress, raised + 30_000);
    expect(secureResult(progress)).toEqual({ secureMs: null, unsecured: [], lockOnly: [], secureAtMostMs: 30_000, restartedAt: raised + 30_000 });
    // The gym's contact reads open after all, then closes.
    applyChange(progress, { door: "gym", action: "forced_open", at: raised + 30_005 });
    expect(secureResult(progress)).toMatchObject({ secureMs: null, unsecured: [{ door: "gym", missing: ["contact"] }] });
    expect(secureResult(progress)).not.toHaveProperty("secureAtMostMs");
    applyChange(progress, { door: "gym", action: "closed", at: raised + 41_000 });
    expect(secureResult(progress)).toEqual({ secureMs: 41_000, unsecured: [], lockOnly: [] });
  });

  it("keeps a figure seen before the restart", () => {
    const progress = progressAt(raised, doors);
    expect(applyChange(progress, { door: "gym", action: "closed", at: raised + 2_000 })).toBe(true);
    expect(applyChange(progress, { door: "nowhere", action: "closed", at: raised + 2_500 })).toBe(false);
    applyRestart(progress, raised + 30_000);
    expect(secureResult(progress).secureMs).toBe(2_000);
  });
});
