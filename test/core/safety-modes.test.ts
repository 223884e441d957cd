import { doorById } from "../../src/core/state.js";
import { describe, expect, it } from "vitest";
import type { Effect } from "../../src/core/effects.js";
import type { EventBody, ModeEvent } from "../../src/core/events.js";
import { MODES, RAISED_MODES, type Mode, type Role } from "../../src/core/model.js";
import {
  CARDS,
  MONDAY,
  SITE_STATE,
  STUDENT_DIGITS,
  badge,
  chicago,
  clear,
  doorEvent,
  eventsOf,
  harness,
  panic,
  raise,
  tick,
  wedge,
  type Card,
} from "../helpers/core-site.js";

const school = harness();
/** Monday 08:05 in Chicago: the front door (07:30-08:15) and the library (08:00-15:00) stand unlocked by schedule. */
const T = chicago(MONDAY, "08:05");
const SETTLED = school.run([[tick, T - 60_000]]).state;
const DOORS = ["front", "side", "lab", "office", "library", "gym", "annex"];

/** A mode event by `by` (actor `<by>-1`), with no location or reason unless given. */
function modeEvent(action: "raised" | "cleared", mode: string, was: string, by: string, more?: Partial<ModeEvent>): EventBody {
  const base = { type: "mode", action, mode, previous: was, drill: false, silent: false, by, actor: `${by}-1` } as const;
  return { ...base, location: null, reason: null, ...more };
}

const lockedDoors = (state: typeof SETTLED) => Object.fromEntries(DOORS.map((id) => [id, doorById(school.model, state, id)?.locked]));
const refusals = (effects: readonly Effect[]) => effects.flatMap((e) => (e.type === "refused" ? [e.code] : []));

describe("each mode applies its shipped door policy", () => {
  const NORMAL = { front: false, side: true, lab: true, office: true, library: false, gym: true, annex: true };
  const EXPECTED: Record<Mode, typeof NORMAL> = {
    normal: NORMAL,
    // Stay in rooms: interior doors locked, exterior as scheduled.
    hold: { ...NORMAL, library: true },
    // Lock the outside: exterior doors locked, inside as usual.
    secure: { ...NORMAL, front: true },
    shelter: NORMAL,
    evacuate: NORMAL,
    lockdown: { front: true, side: true, lab: true, office: true, library: true, gym: true, annex: true },
  };

  it.each(RAISED_MODES)("%s", (mode) => {
    expect(lockedDoors(SETTLED)).toEqual(NORMAL);
    const d = school.decide(SETTLED, raise(mode, "admin"), T);
    expect(lockedDoors(d.state)).toEqual(EXPECTED[mode]);
    const changed = DOORS.filter((id) => EXPECTED[mode][id as keyof typeof NORMAL] !== NORMAL[id as keyof typeof NORMAL]);
    expect(eventsOf(d.effects)).toEqual([
      modeEvent("raised", mode, "normal", "admin"),
      ...changed.map((id) => doorEvent(id, "locked", "mode")),
    ]);
    expect(d.effects[0]).toEqual({
      type: "persist_safety",
      safety: { mode, drill: false, silent: false, since: T, by: "admin" },
    });
    expect(d.effects.at(-1)).toEqual(SITE_STATE);
  });

  /** Roles that may still badge in, by mode, at interior and exterior doors (the shipped allow_roles). */
  const STAFF: Role[] = ["staff", "admin", "security", "responder"];
  const ALL: Role[] = ["student", "staff", "admin", "security", "responder", "visitor", "contractor"];
  const ALLOWED: Record<Mode, { interior: Role[]; exterior: Role[] }> = {
    normal: { interior: ALL, exterior: ALL },
    hold: { interior: STAFF, exterior: ALL },
    secure: { interior: ALL, exterior: STAFF },
    shelter: { interior: ALL, exterior: ALL },
    evacuate: { interior: ALL, exterior: ALL },
    lockdown: { interior: ["security", "responder"], exterior: ["security", "responder"] },
  };
  /** A holder of each role with its card, and the interior and exterior reader that holder may use. */
  const HOLDERS: [Role, Card | string, string, string][] = [
    ["student", STUDENT_DIGITS, "rdr-library", "rdr-front-out"],
    ["staff", CARDS.staff, "rdr-lab", "rdr-side"],
    ["admin", CARDS.admin, "rdr-lab", "rdr-side"],
    ["security", CARDS.security, "rdr-lab", "rdr-side"],
    ["responder", CARDS.responder, "rdr-lab", "rdr-side"],
    ["visitor", CARDS.visitor, "rdr-library", "rdr-front-out"],
    ["contractor", CARDS.contractor, "rdr-lab", "rdr-side"],
  ];
  const ROWS = MODES.flatMap((mode) =>
    HOLDERS.flatMap(([role, card, interior, exterior]) =>
      (["interior", "exterior"] as const).map((where) => {
        const allowed = ALLOWED[mode][where].includes(role);
        const reader = where === "interior" ? interior : exterior;
        return [mode, role, where, card, reader, allowed ? "granted" : "mode_restricted"] as const;
      }),
    ),
  );

  it.each(ROWS)("%s: %s at an %s door → %s", (mode, _role, _where, card, reader, expected) => {
    const { state } = mode === "normal" ? { state: SETTLED } : school.run([[raise(mode, "admin"), T - 1000]], SETTLED);
    const read = typeof card === "string" ? wedge(reader, card) : badge(reader, card.bits);
    const access = eventsOf(school.decide(state, read, T).effects).find((e) => e.type === "access");
    expect(access?.type === "access" ? (access.reason ?? access.result) : "none").toBe(expected);
  });
});

describe("priority: a mode replaces a lower one, a lower one needs a clear first", () => {
  const ROWS: [current: Mode, requested: Mode, expected: "raised" | "lower_priority"][] = [
    ["hold", "secure", "raised"],
    ["hold", "lockdown", "raised"],
    ["secure", "lockdown", "raised"],
    ["shelter", "evacuate", "raised"],
    ["evacuate", "lockdown", "raised"],
    ["secure", "hold", "lower_priority"],
    ["lockdown", "hold", "lower_priority"],
    ["lockdown", "secure", "lower_priority"],
    ["lockdown", "evacuate", "lower_priority"],
    ["lockdown", "shelter", "lower_priority"],
  ];

  it.each(ROWS)("%s on, %s requested: %s", (current, requested, expected) => {
    const { state } = school.run([[raise(current, "district"), T - 1000]], SETTLED);
    const d = school.decide(state, raise(requested, "district"), T);
    if (expected === "raised") {
      expect(eventsOf(d.effects)[0]).toEqual(modeEvent("raised", requested, current, "district"));
      expect(d.state.safety.mode).toBe(requested);
    } else {
      expect(d.effects).toEqual([
        { type: "refused", code: "lower_priority", message: `${current} is on and outranks ${requested}: clear it first` },
      ]);
      expect(d.state).toBe(state);
    }
  });

  it("raising the mode that is on changes nothing", () => {
    const { state } = school.run([[raise("lockdown", "admin"), T - 1000]], SETTLED);
    const d = school.decide(state, raise("lockdown", "district"), T);
    expect(d.effects).toEqual([]);
    expect(d.state).toBe(state);
  });
});

describe("rights: who may raise and clear each mode (shipped defaults)", () => {
  const PRINCIPALS = ["operator", "admin", "district", "panic", "key_switch", "viewer"];
  const OPS = ["operator", "admin", "district"];
  const RAISE: Record<string, string[]> = {
    hold: [...OPS, "key_switch"],
    secure: [...OPS, "key_switch"],
    shelter: OPS,
    evacuate: OPS,
    lockdown: [...OPS, "panic", "key_switch"],
  };
  const CLEAR: Record<string, string[]> = { ...RAISE, lockdown: ["admin", "district"] };
  const rows = (rights: Record<string, string[]>) =>
    RAISED_MODES.flatMap((mode) => PRINCIPALS.map((by) => [mode, by, rights[mode]?.includes(by) === true] as const));

  it.each(rows(RAISE))("raise %s by %s: %s", (mode, by, allowed) => {
    const d = school.decide(SETTLED, raise(mode, by), T);
    expect(d.state.safety.mode).toBe(allowed ? mode : "normal");
    expect(refusals(d.effects)).toEqual(allowed ? [] : ["not_permitted"]);
    if (!allowed) expect(d.state).toBe(SETTLED);
  });

  it.each(rows(CLEAR))("clear %s by %s: %s", (mode, by, allowed) => {
    const { state } = school.run([[raise(mode, "district"), T - 1000]], SETTLED);
    const d = school.decide(state, clear(by, "all clear"), T);
    expect(d.state.safety.mode).toBe(allowed ? "normal" : mode);
    if (allowed) expect(eventsOf(d.effects)[0]).toEqual(modeEvent("cleared", "normal", mode, by, { reason: "all clear" }));
    else expect(d.effects).toEqual([{ type: "refused", code: "not_permitted", message: `${by} may not clear ${mode}` }]);
  });

  it("clearing with no mode on is refused as not_active; normal cannot be raised", () => {
    expect(school.decide(SETTLED, clear("admin"), T).effects).toEqual([
      { type: "refused", code: "not_active", message: "no mode is on" },
    ]);
    expect(refusals(school.decide(SETTLED, raise("normal", "admin"), T).effects)).toEqual(["not_permitted"]);
  });
});

describe("clearing, and no automatic revert", () => {
  it("a clear returns to normal and every door to its own rules", () => {
    const { state } = school.run([[raise("lockdown", "admin"), T - 1000]], SETTLED);
    const d = school.decide(state, clear("district"), T);
    expect(eventsOf(d.effects)).toEqual([
      modeEvent("cleared", "normal", "lockdown", "district"),
      doorEvent("front", "unlocked", "schedule"),
      doorEvent("library", "unlocked", "schedule"),
    ]);
    expect(lockedDoors(d.state)).toEqual(lockedDoors(SETTLED));
  });

  it("a mode stays on through ticks a month ahead, across every schedule change", () => {
    const day = 86_400_000;
    const run = school.run(
      [[raise("lockdown", "panic"), T], [tick, T + 3_600_000], [tick, T + day], [tick, T + 30 * day]],
      SETTLED,
    );
    expect(run.state.safety).toEqual({ mode: "lockdown", drill: false, silent: false, since: T, by: "panic" });
    expect(Object.values(lockedDoors(run.state)).every((locked) => locked)).toBe(true);
    expect(eventsOf(run.effects).filter((e) => e.type === "mode" || (e.type === "door" && e.action === "unlocked"))).toEqual([
      modeEvent("raised", "lockdown", "normal", "panic"),
    ]);
  });
});

describe("drills", () => {
  const drilled = school.decide(SETTLED, raise("lockdown", "admin", { drill: true }), T);

  it("every event of a drill carries drill: true; the mode events carry the drill flag", () => {
    expect(eventsOf(drilled.effects)).toEqual([
      modeEvent("raised", "lockdown", "normal", "admin", { drill: true }),
      { ...doorEvent("front", "locked", "mode"), drill: true },
      { ...doorEvent("library", "locked", "mode"), drill: true },
    ]);
    const denied = school.decide(drilled.state, badge("rdr-lab", CARDS.staff.bits), T + 1000);
    expect(eventsOf(denied.effects)).toEqual([
      expect.objectContaining({ type: "access", reason: "mode_restricted", drill: true }),
    ]);
    const cleared = school.decide(drilled.state, clear("admin"), T + 2000);
    expect(eventsOf(cleared.effects)).toEqual([
      modeEvent("cleared", "normal", "lockdown", "admin", { drill: true }),
      { ...doorEvent("front", "unlocked", "schedule"), drill: true },
      { ...doorEvent("library", "unlocked", "schedule"), drill: true },
    ]);
    const after = school.decide(cleared.state, badge("rdr-lab", CARDS.staff.bits), T + 3000);
    expect(eventsOf(after.effects).every((e) => !("drill" in e))).toBe(true);
  });

  it("a real raise of the same mode turns the drill into the real thing", () => {
    const real = school.decide(drilled.state, raise("lockdown", "district"), T + 1000);
    expect(eventsOf(real.effects)).toEqual([modeEvent("raised", "lockdown", "lockdown", "district")]);
    expect(real.state.safety).toMatchObject({ mode: "lockdown", drill: false });
  });

  it("regression: a real panic during a drill was reported to the district as a drill", () => {
    const real = school.decide(drilled.state, panic("panic-spare", true), T + 1000);
    const events = eventsOf(real.effects);
    expect(events.map((e) => [e.type, "drill" in e ? e.drill : undefined])).toEqual([
      ["panic", undefined],
      ["mode", false],
    ]);
    expect(real.state.safety.drill).toBe(false);
  });

  it("a drill requested while the real mode is on changes nothing", () => {
    const { state } = school.run([[raise("lockdown", "admin"), T]], SETTLED);
    const d = school.decide(state, raise("lockdown", "admin", { drill: true }), T + 1000);
    expect(d.effects).toEqual([]);
    expect(d.state).toBe(state);
  });
});

describe("write-through and strobes", () => {
  it.each(RAISED_MODES)("%s: the safety state is persisted before any lock is driven, on raise and on clear", (mode) => {
    const raised = school.decide(SETTLED, raise(mode, "district"), T);
    const cleared = school.decide(raised.state, clear("district"), T + 1000);
    for (const d of [raised, cleared]) {
      const persist = d.effects.findIndex((e) => e.type === "persist_safety");
      const firstLock = d.effects.findIndex((e) => e.type === "lock");
      expect(persist).toBe(0);
      expect(firstLock === -1 || firstLock > persist).toBe(true);
    }
  });

  const signals = (effects: readonly Effect[]) => effects.filter((e) => e.type === "signal");
  const strobes = (active: boolean): Effect[] =>
    ["strobe-hall", "horn-hall"].map((device): Effect => ({ type: "signal", device, active }));

  it.each([
    ["lockdown", true],
    ["evacuate", true],
    ["hold", false],
    ["secure", false],
    ["shelter", false],
  ] as const)("%s drives the strobes and sounders: %s", (mode, on) => {
    const raised = school.decide(SETTLED, raise(mode, "district"), T);
    expect(signals(raised.effects)).toEqual(on ? strobes(true) : []);
    expect(signals(school.decide(raised.state, clear("district"), T + 1000).effects)).toEqual(on ? strobes(false) : []);
  });

  it("a silent panic raises lockdown without strobes; an audible raise over it turns them on", () => {
    const silent = school.decide(SETTLED, panic("panic-nurse", true), T);
    expect(silent.state.safety).toMatchObject({ mode: "lockdown", silent: true });
    expect(signals(silent.effects)).toEqual([]);
    const audible = school.decide(silent.state, raise("lockdown", "admin"), T + 1000);
    expect(eventsOf(audible.effects)).toEqual([modeEvent("raised", "lockdown", "lockdown", "admin")]);
    expect(signals(audible.effects)).toEqual(strobes(true));
  });
});
