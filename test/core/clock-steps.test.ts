import { describe, expect, it } from "vitest";
import type { Effect } from "../../src/core/effects.js";
import type { Input } from "../../src/core/inputs.js";
import { doorById } from "../../src/core/state.js";
import {
  CARDS,
  MONDAY,
  STUDENT_DIGITS,
  badge,
  chicago,
  command,
  ev,
  eventsOf,
  harness,
  tick,
  wedge,
} from "../helpers/core-site.js";

const school = harness();
const HOUR = 3_600_000;
/** Monday 10:00 in Chicago, as steady time: the core's clock starts on the wall clock. */
const T = chicago(MONDAY, "10:00");
/** The runtime saw the wall clock an hour behind steady time. */
const BACK: Input = { kind: "clock_jump", offsetMs: -HOUR, stepMs: -HOUR };
const FORWARD: Input = { kind: "clock_jump", offsetMs: HOUR, stepMs: HOUR };
const clockAlarm = (alarm: "clock_jump" | "clock_unsynced", active: boolean): Effect =>
  ev({ type: "alarm", alarm, active, device: "system_clock", door: null, location: null, until: null });

describe("the core after a wall-clock step", () => {
  it("records a clock_jump alarm and keeps the step for schedules", () => {
    const d = school.decide(school.start(), BACK, T);
    expect(d.effects[0]).toEqual(clockAlarm("clock_jump", true));
    expect(d.state.clock).toEqual({ offsetMs: -HOUR, unsynced: false });
  });

  it("judges a student's school-day schedule on the stepped wall clock: 16:30 steady is 15:30 on the wall", () => {
    const late = chicago(MONDAY, "16:30");
    const student = wedge("rdr-front-out", STUDENT_DIGITS);
    const without = school.run([[tick, late], [student, late]]);
    expect(eventsOf(without.last.effects)[0]).toMatchObject({ result: "denied", reason: "outside_schedule" });
    const stepped = school.run([[tick, late], [BACK, late], [student, late]]);
    expect(eventsOf(stepped.last.effects)[0]).toMatchObject({ result: "granted" });
  });

  it("turns an unlock until a wall time into a deadline that far away on steady time", () => {
    // The operator asks for 10 minutes, as the stepped wall clock reads them.
    const until = T - HOUR + 600_000;
    const run = school.run([[tick, T], [BACK, T], [command("lab", "unlock", "operator", until), T]]);
    expect(doorById(school.model, run.state, "lab")?.locked).toBe(false);
    expect(doorById(school.model, school.decide(run.state, tick, T + 599_999).state, "lab")?.locked).toBe(false);
    expect(doorById(school.model, school.decide(run.state, tick, T + 600_000).state, "lab")?.locked).toBe(true);
  });

  it("writes a lockout's end in wall time, while its deadline stays steady", () => {
    const unknown = badge("rdr-lab", CARDS.unknown.bits);
    const run = school.run([[FORWARD, T], ...[0, 1, 2, 3, 4].map((i): [Input, number] => [unknown, T + i])]);
    // The shipped lockout blocks 30 s.
    const end = T + 4 + 30_000;
    expect(eventsOf(run.last.effects)[1]).toMatchObject({ alarm: "reader_lockout", until: new Date(end + HOUR).toISOString() });
    expect(run.last.effects).toContainEqual({ type: "wake", at: end });
  });
});

describe("the core on an unsynchronised clock", () => {
  const unsynced: Input = { kind: "clock_sync", synced: false };
  const synced: Input = { kind: "clock_sync", synced: true };

  it("raises clock_unsynced once, marks every event while it lasts, and ends it unmarked on sync", () => {
    const run = school.run([[unsynced, T], [unsynced, T + 1]]);
    expect(eventsOf(run.effects)).toEqual([{ ...eventsOf([clockAlarm("clock_unsynced", true)])[0], clock_unsynced: true }]);
    const read = school.decide(run.state, badge("rdr-lab", CARDS.staff.bits), T + 2);
    expect(eventsOf(read.effects).every((e) => e.clock_unsynced === true)).toBe(true);
    const back = school.decide(read.state, synced, T + 3);
    expect(back.effects).toEqual([clockAlarm("clock_unsynced", false)]);
  });

  it("a first report of sync raises nothing", () => {
    const d = school.decide(school.start(), synced, T);
    expect(d.effects).toEqual([]);
  });
});
