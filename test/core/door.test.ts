import { doorById } from "../../src/core/state.js";
import { describe, expect, it } from "vitest";
import { createDecider, type Decision } from "../../src/core/decide.js";
import type { DoorAlarm, Effect } from "../../src/core/effects.js";
import type { Input } from "../../src/core/inputs.js";
import { SECURE_DOOR, initialState, type CoreState } from "../../src/core/state.js";
import { handSite } from "../helpers/hand-site.js";

/** 2025-09-01T12:00:00Z: any fixed instant; the core never reads the clock itself. */
const T = Date.UTC(2025, 8, 1, 12, 0, 0);
/** The door's strike and held-open times: distinct values so a mix-up shows. */
const STRIKE = 5000;
const HELD = 30_000;

/** H10301 FC 123 / CN 45678 (REFERENCE.md vector 0x2F764DD). */
const BADGE_BITS = BigInt("0x2F764DD").toString(2).padStart(26, "0");

const SITE = handSite(
  [{ id: "front", readers: ["rdr"], contact: "dc", rex: "rex", lock: "lk", strikeMs: STRIKE, heldOpenMs: HELD }],
  [{ id: "h-1", role: "staff", doors: ["front"], badges: [{ format: "h10301", facility: 123, number: 45678 }] }],
);
const decide = createDecider(SITE);

const BADGE: Input = { kind: "badge", reader: "rdr", read: { kind: "bits", bits: BADGE_BITS } };
const OPEN: Input = { kind: "contact", device: "dc", open: true };
const CLOSE: Input = { kind: "contact", device: "dc", open: false };
const REX: Input = { kind: "rex", device: "rex" };
const TICK: Input = { kind: "tick" };

/** Feeds inputs in order from the start state; returns the last decision and the state before it. */
function run(steps: readonly [Input, number][]): { before: CoreState; last: Decision } {
  let state = initialState(SITE);
  let last: Decision = { state, effects: [] };
  let before = state;
  for (const [input, at] of steps) {
    before = state;
    last = decide(state, input, at);
    state = last.state;
  }
  return { before, last };
}

function doorEvent(action: "opened" | "closed" | "held_open" | "forced_open"): Effect {
  return { type: "event", event: { type: "door", door: "front", action } };
}

function doorState(locked: boolean, open: boolean, alarm: DoorAlarm = "none"): Effect {
  return { type: "door_state", door: "front", locked, open, alarm };
}

const SITE_STATE: Effect = { type: "site_state" };

function wake(at: number): Effect {
  return { type: "wake", at };
}

/** The lock re-engaging: drive it, record why, publish the door and the site. */
function relocked(open: boolean, alarm: DoorAlarm = "none"): Effect[] {
  return [
    { type: "lock", door: "front", device: "lk", locked: true },
    { type: "event", event: { type: "door", door: "front", action: "locked", cause: "relock" } },
    doorState(true, open, alarm),
    SITE_STATE,
  ];
}

describe("door: momentary release", () => {
  it("relocks at the tick at the relock time", () => {
    const { last } = run([
      [BADGE, T],
      [TICK, T + STRIKE],
    ]);
    expect(last.effects).toEqual(relocked(false));
    expect(doorById(SITE, last.state, "front")).toEqual(SECURE_DOOR);
  });

  it("a tick one ms before the relock time only asks again for the relock wake (same state object)", () => {
    const { before, last } = run([
      [BADGE, T],
      [TICK, T + STRIKE - 1],
    ]);
    expect(last.effects).toEqual([wake(T + STRIKE)]);
    expect(last.state).toBe(before);
  });

  it("opening after a grant is an authorised opening that arms held-open", () => {
    const { last } = run([
      [BADGE, T],
      [OPEN, T + 1000],
    ]);
    expect(last.effects).toEqual([doorEvent("opened"), doorState(false, true), SITE_STATE, wake(T + STRIKE)]);
    expect(doorById(SITE, last.state, "front")).toMatchObject({ heldAt: T + 1000 + HELD, relockAt: T + STRIKE });
  });

  it("closing relocks at once (relock on close), and the later relock and held-open ticks do nothing", () => {
    const closed = run([
      [BADGE, T],
      [OPEN, T + 1000],
      [CLOSE, T + 2000],
    ]);
    expect(closed.last.effects).toEqual([doorEvent("closed"), ...relocked(false)]);
    for (const at of [T + STRIKE, T + 1000 + HELD]) {
      const later = decide(closed.last.state, TICK, at);
      expect(later.effects).toEqual([]);
      expect(later.state).toBe(closed.last.state);
    }
  });

  it("regression: an opening after the strike time was taken as authorised while the relock tick was still pending", () => {
    const opened = run([
      [BADGE, T],
      [OPEN, T + STRIKE],
    ]);
    // The lock has not been driven back yet (the tick is pending), so the state still says released.
    expect(opened.last.effects).toEqual([doorEvent("forced_open"), doorState(false, true, "forced_open"), SITE_STATE]);
    const relock = decide(opened.last.state, TICK, T + STRIKE + 3);
    expect(relock.effects).toEqual(relocked(true, "forced_open"));
  });
});

describe("door: forced open and request-to-exit", () => {
  it("opening while locked is forced: event and forced_open alarm", () => {
    const { last } = run([[OPEN, T]]);
    expect(last.effects).toEqual([doorEvent("forced_open"), doorState(true, true, "forced_open"), SITE_STATE]);
  });

  it("REX then an opening within the strike time is an opening, not forced", () => {
    expect(run([[REX, T]]).last.effects).toEqual([wake(T + STRIKE)]);
    const { last } = run([
      [REX, T],
      [OPEN, T + STRIKE - 1],
    ]);
    expect(last.effects).toEqual([doorEvent("opened"), doorState(true, true), SITE_STATE, wake(T + STRIKE)]);
    expect(doorById(SITE, last.state, "front")?.heldAt).toBe(T + STRIKE - 1 + HELD);
  });

  it("an opening at the end of the REX window is forced", () => {
    const { last } = run([
      [REX, T],
      [OPEN, T + STRIKE],
    ]);
    expect(last.effects).toEqual([doorEvent("forced_open"), doorState(true, true, "forced_open"), SITE_STATE]);
  });

  it("an opening after the REX window ran out at a tick is forced", () => {
    const { last } = run([
      [REX, T],
      [TICK, T + STRIKE],
      [OPEN, T + STRIKE + 10],
    ]);
    expect(last.effects).toEqual([doorEvent("forced_open"), doorState(true, true, "forced_open"), SITE_STATE]);
  });

  it("closing clears the forced_open alarm and keeps the door locked", () => {
    const { last } = run([
      [OPEN, T],
      [CLOSE, T + 1000],
    ]);
    expect(last.effects).toEqual([doorEvent("closed"), doorState(true, false), SITE_STATE]);
    expect(doorById(SITE, last.state, "front")).toEqual(SECURE_DOOR);
  });
});

describe("door: held open", () => {
  const openedAt = T + 1000;
  const heldAt = openedAt + HELD;
  const scene: [Input, number][] = [
    [BADGE, T],
    [OPEN, openedAt],
    [TICK, T + STRIKE],
  ];

  it("relocks at the strike time while the door stands open, without an alarm, and waits for held-open", () => {
    const { last } = run(scene);
    expect(last.effects).toEqual([...relocked(true), wake(heldAt)]);
  });

  it("a tick before the held-open deadline changes nothing", () => {
    const { before, last } = run([...scene, [TICK, heldAt - 1]]);
    expect(last.effects).toEqual([wake(heldAt)]);
    expect(last.state).toBe(before);
  });

  it("left open past held_open_ms: held_open event and alarm at the tick", () => {
    const { last } = run([...scene, [TICK, heldAt]]);
    expect(last.effects).toEqual([doorEvent("held_open"), doorState(true, true, "held_open"), SITE_STATE]);
  });

  it("closing clears the held_open alarm", () => {
    const { last } = run([...scene, [TICK, heldAt], [CLOSE, heldAt + 5000]]);
    expect(last.effects).toEqual([doorEvent("closed"), doorState(true, false), SITE_STATE]);
    expect(doorById(SITE, last.state, "front")).toEqual(SECURE_DOOR);
  });

  it("the held_open alarm is raised once: a later tick does nothing", () => {
    const { before, last } = run([...scene, [TICK, heldAt], [TICK, heldAt + 60_000]]);
    expect(last.effects).toEqual([]);
    expect(last.state).toBe(before);
  });
});

describe("door: duplicate contact reports", () => {
  it("a second open report produces nothing", () => {
    const { before, last } = run([
      [OPEN, T],
      [OPEN, T + 100],
    ]);
    expect(last.effects).toEqual([]);
    expect(last.state).toBe(before);
  });

  it("a close report for a closed door produces nothing", () => {
    const { before, last } = run([[CLOSE, T]]);
    expect(last.effects).toEqual([]);
    expect(last.state).toBe(before);
  });

  it("a tick with nothing pending changes nothing", () => {
    const { before, last } = run([[TICK, T]]);
    expect(last.effects).toEqual([]);
    expect(last.state).toBe(before);
  });
});
