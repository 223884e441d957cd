import { doorById } from "../../src/core/state.js";
import { describe, expect, it } from "vitest";
import type { Effect } from "../../src/core/effects.js";
import type { DoorAction, LockCause } from "../../src/core/events.js";
import {
  CARDS,
  MONDAY,
  SITE_STATE,
  STAFF_PIN,
  accessEvent,
  badge,
  chicago,
  command,
  contact,
  doorEvent,
  doorStateFx,
  ev,
  eventsOf,
  harness,
  keypad,
  lockFx,
  raise,
  rex,
  tick,
  wake,
  type Step,
} from "../helpers/core-site.js";

const school = harness();
/** Monday 10:00 in Chicago: the front door's morning unlock (07:30-08:15) is over, the library stands unlocked (08:00-15:00). */
const T = chicago(MONDAY, "10:00");
/** The front door's next schedule change after 08:15 Monday: 07:30 Tuesday. */
const FRONT_NEXT = chicago("2026-11-24", "07:30");
/** The library's unlock ends at 15:00. */
const LIBRARY_END = chicago(MONDAY, "15:00");
/** Shipped strike time, and the configured held-open times of the front door (20 s, warned 5 s before). */
const STRIKE = 5000;
const FRONT_HELD = 20_000;
const FRONT_WARN = 5000;
/** The shipped extended strike time and PIN timeout. */
const EXTENDED = 15_000;
const PIN_WAIT = 10_000;
/** Wakes every tick asks for while nothing else is pending: the two scheduled doors' next changes. */
const SCHEDULE_WAKES: Effect[] = [wake(FRONT_NEXT), wake(LIBRARY_END)];
/** The school at 10:00 after the gateway caught up (the library stands unlocked by its schedule). */
const SETTLED = school.run([[tick, T - 60_000]]).state;

const STAFF = ["h-staff", "staff"] as const;
const lockChange = (
  door: string,
  device: string | null,
  action: "locked" | "unlocked",
  cause: LockCause,
  open = false,
): Effect[] => [
  ...(device === null ? [] : [lockFx(door, device, action === "locked")]),
  ev(doorEvent(door, action, cause)),
  doorStateFx(door, action === "locked", open),
  SITE_STATE,
];
const doorEv = (door: string, action: DoorAction): Effect => ev(doorEvent(door, action));
/** A momentary command's release: as a grant's lock change, but its own cause and who sent it. */
const commandRelease = (door: string, device: string, by: string): Effect[] => [
  lockFx(door, device, false),
  ev({ type: "door", door, action: "unlocked", cause: "momentary", by, actor: `${by}-1` }),
  doorStateFx(door, false, false),
  SITE_STATE,
];

describe("grants", () => {
  it("release the lock for the strike time: access event, lock, door event, door and site state, wake at relock", () => {
    const d = school.decide(SETTLED, badge("rdr-front-out", CARDS.staff.bits), T);
    expect(d.effects).toEqual([
      ev(accessEvent("front", "rdr-front-out", CARDS.staff.credential, null, STAFF)),
      ...lockChange("front", "lk-front", "unlocked", "grant"),
      wake(T + STRIKE),
    ]);
    expect(doorById(school.model, d.state, "front")).toMatchObject({ locked: false, relockAt: T + STRIKE });
    for (const id of ["side", "lab", "office", "library", "gym", "annex"]) expect(doorById(school.model, d.state, id)).toBe(doorById(school.model, SETTLED, id));
  });

  it("holders with extended unlock get the extended strike time", () => {
    const d = school.decide(SETTLED, badge("rdr-front-out", CARDS.extended.bits), T);
    expect(d.effects.at(-1)).toEqual(wake(T + EXTENDED));
    expect(doorById(school.model, d.state, "front")?.relockAt).toBe(T + EXTENDED);
  });

  it("each door has its own strike time (side door: 3 s)", () => {
    expect(school.decide(SETTLED, badge("rdr-side", CARDS.staff.bits), T).effects.at(-1)).toEqual(wake(T + 3000));
  });

  it("a second grant while released moves the relock time and drives nothing", () => {
    const { state } = school.run([[badge("rdr-lab", CARDS.staff.bits), T - 1000]], SETTLED);
    const d = school.decide(state, badge("rdr-lab", CARDS.staff.bits), T);
    expect(d.effects).toEqual([ev(accessEvent("lab", "rdr-lab", CARDS.staff.credential, null, STAFF)), wake(T + STRIKE)]);
    expect(doorById(school.model, d.state, "lab")?.relockAt).toBe(T + STRIKE);
  });

  it("a door without a lock output records the release but drives no lock", () => {
    const d = school.decide(SETTLED, badge("rdr-annex-in", CARDS.staff.bits), T);
    expect(d.effects).toEqual([
      ev(accessEvent("annex", "rdr-annex-in", CARDS.staff.credential, null, STAFF)),
      ...lockChange("annex", null, "unlocked", "grant"),
      wake(T + STRIKE),
    ]);
  });

  it("card and PIN: the badge waits for the PIN, the right PIN grants", () => {
    const waiting = school.decide(SETTLED, badge("rdr-office", CARDS.staff.bits), T);
    expect(waiting.effects).toEqual([{ type: "cue", reader: "rdr-office", cue: "present_pin", ms: PIN_WAIT }, wake(T + PIN_WAIT)]);
    expect(doorById(school.model, waiting.state, "office")).toBe(doorById(school.model, SETTLED, "office"));
    const d = school.decide(waiting.state, keypad("rdr-office", STAFF_PIN), T + 3000);
    expect(d.effects).toEqual([
      ev(accessEvent("office", "rdr-office", CARDS.staff.credential, null, STAFF)),
      ...lockChange("office", "lk-office", "unlocked", "grant"),
      wake(T + 3000 + STRIKE),
    ]);
    expect(d.state.pins).toEqual({});
  });
});

describe("relock, request-to-exit, forced and held open", () => {
  it("relocks at the strike end with cause relock", () => {
    const run = school.run([[badge("rdr-lab", CARDS.staff.bits), T], [tick, T + STRIKE]], SETTLED);
    expect(run.last.effects).toEqual([
      ...SCHEDULE_WAKES.slice(0, 1),
      ...lockChange("lab", "lk-lab", "locked", "relock"),
      wake(LIBRARY_END),
    ]);
  });

  it("relocks when the door closes, and the strike-end tick then records nothing", () => {
    const run = school.run(
      [[badge("rdr-lab", CARDS.staff.bits), T], [contact("dc-lab", true), T + 1000], [contact("dc-lab", false), T + 2000]],
      SETTLED,
    );
    expect(run.last.effects).toEqual([doorEv("lab", "closed"), ...lockChange("lab", "lk-lab", "locked", "relock")]);
    const later = school.decide(run.state, tick, T + STRIKE);
    expect(eventsOf(later.effects)).toEqual([]);
    expect(later.state).toBe(run.state);
  });

  it("a request-to-exit shunts the forced-open alarm for one strike time", () => {
    const pressed = school.run([[tick, T], [rex("rex-front"), T]], SETTLED);
    expect(pressed.last.effects).toEqual([wake(T + STRIKE)]);
    const opened = school.decide(pressed.state, contact("dc-front", true), T + STRIKE - 1);
    expect(opened.effects).toEqual([doorEv("front", "opened"), doorStateFx("front", true, true), SITE_STATE, wake(T + STRIKE)]);
    const late = school.decide(pressed.state, contact("dc-front", true), T + STRIKE);
    expect(late.effects).toEqual([doorEv("front", "forced_open"), doorStateFx("front", true, true, "forced_open"), SITE_STATE]);
  });

  it("an opening of a locked door is forced; closing clears the alarm and keeps the lock", () => {
    const forced = school.decide(SETTLED, contact("dc-lab", true), T);
    expect(forced.effects).toEqual([doorEv("lab", "forced_open"), doorStateFx("lab", true, true, "forced_open"), SITE_STATE]);
    const closed = school.decide(forced.state, contact("dc-lab", false), T + 1000);
    expect(closed.effects).toEqual([doorEv("lab", "closed"), doorStateFx("lab", true, false), SITE_STATE]);
  });

  it("held open: a warning before held_open_ms, then held_open; closing clears it", () => {
    const opened = T + 1000;
    const run = school.run(
      [[badge("rdr-front-out", CARDS.staff.bits), T], [contact("dc-front", true), opened], [tick, T + STRIKE]],
      SETTLED,
    );
    expect(eventsOf(run.last.effects)).toEqual([doorEvent("front", "locked", "relock")]);
    const beforeWarn = school.decide(run.state, tick, opened + FRONT_HELD - FRONT_WARN - 1);
    expect(eventsOf(beforeWarn.effects)).toEqual([]);
    const warned = school.decide(run.state, tick, opened + FRONT_HELD - FRONT_WARN);
    expect(warned.effects).toEqual([doorEv("front", "held_open_warning"), wake(opened + FRONT_HELD), wake(LIBRARY_END)]);
    const held = school.decide(warned.state, tick, opened + FRONT_HELD);
    expect(held.effects).toEqual([
      doorEv("front", "held_open"),
      doorStateFx("front", true, true, "held_open"),
      SITE_STATE,
      ...SCHEDULE_WAKES,
    ]);
    const again = school.decide(held.state, tick, opened + FRONT_HELD + 60_000);
    expect(eventsOf(again.effects)).toEqual([]);
    const closed = school.decide(held.state, contact("dc-front", false), opened + FRONT_HELD + 1000);
    expect(closed.effects).toEqual([doorEv("front", "closed"), wake(FRONT_NEXT), doorStateFx("front", true, false), SITE_STATE]);
  });
});

describe("door unlock schedule (front door: 07:30-08:15 on school days)", () => {
  const at = (hhmm: string) => chicago(MONDAY, hhmm);
  const early = school.run([[tick, at("07:00")]]).state;

  it("unlocks at the window start through the tick, and asks for the window end", () => {
    expect(eventsOf(school.decide(early, tick, at("07:30") - 1).effects)).toEqual([]);
    const d = school.decide(early, tick, at("07:30"));
    expect(d.effects).toEqual([...lockChange("front", "lk-front", "unlocked", "schedule"), wake(at("08:15")), wake(at("08:00"))]);
  });

  it("no held-open while the schedule holds the door unlocked, and it relocks at the window end", () => {
    const run = school.run([[tick, at("07:30")], [contact("dc-front", true), at("07:40")]], early);
    expect(run.last.effects).toEqual([
      doorEv("front", "opened"),
      doorStateFx("front", false, true),
      SITE_STATE,
      wake(at("08:15")),
    ]);
    expect(doorById(school.model, run.state, "front")).toMatchObject({ heldAt: null, warnAt: null });
    const quiet = school.run([[tick, at("08:00")], [tick, at("08:14")]], run.state);
    expect(eventsOf(quiet.effects).filter((e) => e.type === "door" && e.door === "front")).toEqual([]);
    const closed = school.run([[contact("dc-front", false), at("08:14")], [tick, at("08:15")]], quiet.state);
    expect(eventsOf(closed.last.effects)).toEqual([doorEvent("front", "locked", "schedule")]);
  });

  it("not on a holiday", () => {
    const holiday = (hhmm: string) => chicago("2026-11-26", hhmm);
    const run = school.run([[tick, holiday("07:00")], [tick, holiday("07:30")], [tick, holiday("08:00")]]);
    expect(eventsOf(run.effects)).toEqual([]);
  });
});

describe("door commands", () => {
  /** Every command below targets the lab door (no schedule) from the settled school at 10:00. */
  const refused = (code: string, message: string): Effect[] => [{ type: "refused", code, message } as Effect];

  it("momentary: one strike time, like a grant, recorded as the command it is", () => {
    const d = school.decide(SETTLED, command("lab", "momentary", "operator"), T);
    expect(d.effects).toEqual([...commandRelease("lab", "lk-lab", "operator"), wake(T + STRIKE)]);
    expect(eventsOf(school.decide(d.state, tick, T + STRIKE).effects)).toEqual([doorEvent("lab", "locked", "relock")]);
  });

  it("unlock until a time: unlocked by command, relocked at that time", () => {
    const until = T + 60_000;
    const d = school.decide(SETTLED, command("lab", "unlock", "operator", until), T);
    expect(d.effects).toEqual([...lockChange("lab", "lk-lab", "unlocked", "command"), wake(until)]);
    expect(eventsOf(school.decide(d.state, tick, until - 1).effects)).toEqual([]);
    // Regression: the end of a command override was recorded with cause "schedule" on a door without one.
    expect(eventsOf(school.decide(d.state, tick, until).effects)).toEqual([doorEvent("lab", "locked", "command")]);
  });

  it("unlock without an end stays unlocked until released", () => {
    const run = school.run([[command("lab", "unlock", "district"), T], [tick, T + 86_400_000]], SETTLED);
    expect(doorById(school.model, run.state, "lab")?.locked).toBe(false);
    const released = school.decide(run.state, command("lab", "release", "district"), T + 86_400_001);
    expect(released.effects).toEqual(lockChange("lab", "lk-lab", "locked", "command"));
  });

  it("lock overrides the door's schedule; release returns the door to it", () => {
    const locked = school.decide(SETTLED, command("library", "lock", "admin"), T);
    expect(locked.effects).toEqual([...lockChange("library", "lk-library", "locked", "command"), wake(LIBRARY_END)]);
    const released = school.decide(locked.state, command("library", "release", "admin"), T + 1000);
    expect(released.effects).toEqual([...lockChange("library", "lk-library", "unlocked", "schedule"), wake(LIBRARY_END)]);
  });

  const REFUSALS: [name: string, setup: Step[], input: ReturnType<typeof command>, expected: Effect[]][] = [
    [
      "a viewer may not command doors",
      [],
      command("lab", "momentary", "viewer"),
      refused("not_permitted", "viewer may not command doors"),
    ],
    [
      "a panic button may not command doors",
      [],
      command("lab", "unlock", "panic"),
      refused("not_permitted", "panic may not command doors"),
    ],
    ["an unknown door", [], command("nope", "momentary", "admin"), refused("unknown_door", 'no door "nope"')],
    [
      "an operator may not open a door lockdown keeps locked",
      [[raise("lockdown", "admin"), T - 1000]],
      command("lab", "momentary", "operator"),
      refused("mode_locked", "lockdown keeps lab locked"),
    ],
    [
      "an admin may open it only momentarily",
      [[raise("lockdown", "admin"), T - 1000]],
      command("lab", "unlock", "admin"),
      refused("mode_locked", "lockdown is on: only a momentary unlock is possible"),
    ],
  ];

  it.each(REFUSALS)("refused: %s, and nothing changes (same state object)", (_name, setup, input, expected) => {
    const { state } = school.run(setup, SETTLED);
    const d = school.decide(state, input, T);
    expect(d.effects).toEqual(expected);
    expect(d.state).toBe(state);
  });

  it("an admin's momentary unlock opens a door in lockdown", () => {
    const { state } = school.run([[raise("lockdown", "admin"), T - 1000]], SETTLED);
    const d = school.decide(state, command("lab", "momentary", "admin"), T);
    expect(d.effects).toEqual([...commandRelease("lab", "lk-lab", "admin"), wake(T + STRIKE)]);
  });
});
