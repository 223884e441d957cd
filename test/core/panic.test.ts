import { doorById } from "../../src/core/state.js";
/**
 * Safety inputs from devices: panic buttons (hold, N presses, silent), key switches and the fire alarm
 * relay, on the test school with the shipped mode policies.
 */
import { describe, expect, it } from "vitest";
import type { Effect } from "../../src/core/effects.js";
import type { EventBody } from "../../src/core/events.js";
import { MODES, type Mode } from "../../src/core/model.js";
import {
  MONDAY,
  chicago,
  command,
  doorEvent,
  eventsOf,
  fire,
  harness,
  keySwitch,
  lockFx,
  panic,
  raise,
  tick,
  type Step,
} from "../helpers/core-site.js";

const school = harness();
/** Monday 17:00 in Chicago: after every schedule, so in normal mode every door is locked. */
const T = chicago(MONDAY, "17:00");
const SETTLED = school.run([[tick, T - 60_000]]).state;
/** The office panic button must be held 500 ms (configured hold_ms). */
const HOLD = 500;

function panicEvent(device: string, location: string, silent = false): EventBody {
  return { type: "panic", device, location, mode: "lockdown", silent };
}

function raisedBy(
  by: string,
  actor: string,
  mode: string,
  location: string,
  reason: string,
  extra: { previous?: string; silent?: boolean } = {},
): EventBody {
  const { previous = "normal", silent = false } = extra;
  return { type: "mode", action: "raised", mode, previous, drill: false, silent, by, actor, location, reason };
}

const modeEvents = (effects: readonly Effect[]) => eventsOf(effects).filter((e) => e.type === "mode" || e.type === "panic");

describe("panic buttons", () => {
  it("held for hold_ms: released early nothing happens; held to the deadline tick it raises lockdown", () => {
    const pressed = school.decide(SETTLED, panic("panic-office", true), T);
    expect(pressed.effects).toEqual([{ type: "wake", at: T + HOLD }]);
    const early = school.run([[panic("panic-office", false), T + 300], [tick, T + HOLD]], pressed.state);
    expect(modeEvents(early.effects)).toEqual([]);
    expect(early.state.safety.mode).toBe("normal");
    expect(modeEvents(school.decide(pressed.state, tick, T + HOLD - 1).effects)).toEqual([]);
    const held = school.decide(pressed.state, tick, T + HOLD);
    expect(modeEvents(held.effects)).toEqual([
      panicEvent("panic-office", "Front office"),
      raisedBy("panic", "panic-office", "lockdown", "Front office", "panic button"),
    ]);
    expect(held.state.safety).toMatchObject({ mode: "lockdown", by: "panic" });
    expect(modeEvents(school.decide(held.state, panic("panic-office", false), T + HOLD + 100).effects)).toEqual([]);
  });

  it("a second press starts the hold over", () => {
    const run = school.run(
      [
        [panic("panic-office", true), T],
        [panic("panic-office", false), T + 300],
        [panic("panic-office", true), T + 400],
        [tick, T + HOLD],
      ],
      SETTLED,
    );
    expect(run.state.safety.mode).toBe("normal");
    expect(modeEvents(school.decide(run.state, tick, T + 400 + HOLD).effects).map((e) => e.type)).toEqual(["panic", "mode"]);
  });

  const presses = (times: number[]): Step[] => times.flatMap(
    (t): Step[] => [[panic("panic-gym", true), t], [panic("panic-gym", false), t + 100]],
  );

  it("N presses within T: the third press within 2 s raises lockdown", () => {
    const two = school.run(presses([T, T + 500]), SETTLED);
    expect(two.state.safety.mode).toBe("normal");
    const third = school.decide(two.state, panic("panic-gym", true), T + 1000);
    expect(modeEvents(third.effects)).toEqual([
      panicEvent("panic-gym", "Gym"),
      raisedBy("panic", "panic-gym", "lockdown", "Gym", "panic button"),
    ]);
  });

  it("presses older than the window do not count; holding the button down is one press", () => {
    const spread = school.run(presses([T, T + 1500, T + 2500]), SETTLED);
    expect(spread.state.safety.mode).toBe("normal");
    expect(school.decide(spread.state, panic("panic-gym", true), T + 3000).state.safety.mode).toBe("lockdown");
    const held = school.run(
      [[panic("panic-gym", true), T], [panic("panic-gym", true), T + 100], [panic("panic-gym", true), T + 200]],
      SETTLED,
    );
    expect(held.state.safety.mode).toBe("normal");
  });

  it("a silent panic: the alert and the mode are silent, and no strobe is driven", () => {
    const d = school.decide(SETTLED, panic("panic-nurse", true), T);
    expect(modeEvents(d.effects)).toEqual([
      panicEvent("panic-nurse", "Nurse", true),
      raisedBy("panic", "panic-nurse", "lockdown", "Nurse", "panic button", { silent: true }),
    ]);
    expect(d.effects.filter((e) => e.type === "signal")).toEqual([]);
    expect(d.effects[1]).toEqual({
      type: "persist_safety",
      safety: { mode: "lockdown", drill: false, silent: true, since: T, by: "panic" },
    });
  });

  it("a panic button nobody configured raises lockdown on a press, located by its name", () => {
    const d = school.decide(SETTLED, panic("panic-spare", true), T);
    expect(modeEvents(d.effects)[0]).toEqual(panicEvent("panic-spare", "Spare panic button"));
    expect(d.state.safety.mode).toBe("lockdown");
  });

  it("a panic while lockdown is already on still sends the alert, and changes nothing else", () => {
    const { state } = school.run([[raise("lockdown", "admin"), T - 1000]], SETTLED);
    const d = school.decide(state, panic("panic-spare", true), T);
    expect(d.effects).toEqual([{ type: "event", event: panicEvent("panic-spare", "Spare panic button") }]);
    expect(d.state.safety).toBe(state.safety);
  });
});

describe("key switches", () => {
  it("on raises its mode, off clears it", () => {
    const on = school.decide(SETTLED, keySwitch("ks-office", true), T);
    expect(modeEvents(on.effects)).toEqual([raisedBy("key_switch", "ks-office", "secure", "Office key switch", "key switch")]);
    const off = school.decide(on.state, keySwitch("ks-office", false), T + 1000);
    expect(modeEvents(off.effects)).toEqual([
      {
        type: "mode",
        action: "cleared",
        mode: "normal",
        previous: "secure",
        drill: false,
        silent: false,
        by: "key_switch",
        actor: "ks-office",
        location: null,
        reason: "key switch off",
      },
    ]);
    expect(off.state.safety.mode).toBe("normal");
  });

  it("a lockdown key switch raises lockdown, but turning it off does not clear it (key_switch may not clear lockdown)", () => {
    const on = school.decide(SETTLED, keySwitch("ks-main", true), T);
    expect(on.state.safety).toMatchObject({ mode: "lockdown", by: "key_switch" });
    const off = school.decide(on.state, keySwitch("ks-main", false), T + 1000);
    expect(off.effects).toEqual([]);
    expect(off.state.safety).toBe(on.state.safety);
    expect(off.state.keySwitches).toEqual([]);
  });

  it("a key switch for a lower mode during lockdown does nothing, on or off; a repeated report is ignored", () => {
    const { state } = school.run([[raise("lockdown", "admin"), T - 1000]], SETTLED);
    const on = school.decide(state, keySwitch("ks-office", true), T);
    expect(on.effects).toEqual([]);
    expect(school.decide(on.state, keySwitch("ks-office", true), T + 1).state).toBe(on.state);
    expect(school.decide(on.state, keySwitch("ks-office", false), T + 2).state.safety.mode).toBe("lockdown");
  });
});

describe("fire alarm", () => {
  const EGRESS = ["side", "library"];
  const OTHERS = ["front", "lab", "office", "gym", "annex"];
  const alarm = (active: boolean): EventBody => ({
    type: "alarm",
    alarm: "fire",
    active,
    device: "fire-panel",
    door: null,
    location: "Fire panel",
    until: null,
  });
  const inMode = (mode: Mode) => (mode === "normal" ? SETTLED : school.run([[raise(mode, "district"), T - 1000]], SETTLED).state);

  it.each(MODES)("%s: egress doors are released in the same decision, other doors are untouched", (mode) => {
    const before = inMode(mode);
    const d = school.decide(before, fire("fire-panel", true), T);
    expect(eventsOf(d.effects)).toEqual([
      alarm(true),
      doorEvent("side", "unlocked", "fire"),
      doorEvent("library", "unlocked", "fire"),
    ]);
    expect(d.effects.filter((e) => e.type === "lock")).toEqual([
      lockFx("side", "lk-side", false),
      lockFx("library", "lk-library", false),
    ]);
    for (const id of EGRESS) expect(doorById(school.model, d.state, id)?.locked).toBe(false);
    for (const id of OTHERS) expect(doorById(school.model, d.state, id)).toBe(doorById(school.model, before, id));
    expect(d.state.fire).toEqual(["fire-panel"]);
  });

  it.each(MODES)("%s: when the alarm clears the doors return to the mode's rules", (mode) => {
    const burning = school.decide(inMode(mode), fire("fire-panel", true), T);
    const d = school.decide(burning.state, fire("fire-panel", false), T + 60_000);
    const modeLocks = (id: string) => school.model.safety.modes.get(mode)?.doors.get(id)?.lock === "locked";
    expect(eventsOf(d.effects)).toEqual([
      alarm(false),
      ...EGRESS.map((id) => doorEvent(id, "locked", modeLocks(id) ? "mode" : "fire")),
    ]);
    expect(d.state.fire).toEqual([]);
  });

  it("egress stays released while any fire input is active, and against a lock command", () => {
    const run = school.run(
      [
        [fire("fire-panel", true), T],
        [fire("fire-annex", true), T + 1],
        [fire("fire-panel", false), T + 2],
        [command("side", "lock", "admin"), T + 3],
      ],
      SETTLED,
    );
    expect(eventsOf(run.last.effects)).toEqual([]);
    for (const id of EGRESS) expect(doorById(school.model, run.state, id)?.locked).toBe(false);
  });

  it("a repeated report of the same alarm changes nothing", () => {
    const burning = school.decide(SETTLED, fire("fire-panel", true), T);
    const again = school.decide(burning.state, fire("fire-panel", true), T + 1);
    expect(again.effects).toEqual([]);
    expect(again.state).toBe(burning.state);
  });
});
