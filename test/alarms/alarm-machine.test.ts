import { describe, expect, it } from "vitest";
import { AlarmBook, type AlarmCommand } from "../../src/alarms/alarm-book.js";
import type { AlarmRefusal } from "../../src/alarms/alarm-machine.js";
import type { AlarmAction, AnnunciatedKind } from "../../src/core/alarm-events.js";
import { AlarmsSchema, compileAlarms } from "../../src/config/schema-alarms.js";

/** The shipped defaults: chatter 10 s, escalation after 120 s for critical and high, fire latched. */
const POLICY = compileAlarms(AlarmsSchema.parse({}));
const S = 1000;
const MIN = 60 * S;

/** One step of a table row: a condition on/off, a person's action, or time passing. */
type Step =
  | readonly ["on" | "off", number]
  | readonly ["drill", number]
  | readonly ["ack" | "unshelve", number]
  | readonly ["shelve", number, minutes: number]
  | readonly ["tick", number];

interface Row {
  readonly name: string;
  readonly kind: AnnunciatedKind;
  readonly steps: readonly Step[];
  /** Every action recorded, in order. */
  readonly actions: readonly AlarmAction[];
  /** The instance at the end: state, condition, activations; null when it is forgotten. */
  readonly end: { state: string; active: boolean; count: number } | null;
  /** Raises that made a new instance. */
  readonly instances?: number;
}

const ROWS: readonly Row[] = [
  { name: "acknowledged while active, clears on return", kind: "forced_open", steps: [["on", 0], ["ack", S], ["off", 2 * S]], actions: ["raised", "acknowledged", "cleared"], end: { state: "normal", active: false, count: 1 } },
  { name: "returns unacknowledged, clears on acknowledge", kind: "forced_open", steps: [["on", 0], ["off", S], ["ack", 2 * S]], actions: ["raised", "returned", "acknowledged", "cleared"], end: { state: "normal", active: false, count: 1 } },
  { name: "a life-safety alarm stays unacknowledged after return (latched)", kind: "fire", steps: [["on", 0], ["off", S]], actions: ["raised", "returned"], end: { state: "active_unacked", active: false, count: 1 } },
  { name: "a latched alarm clears when acknowledged after return", kind: "panic", steps: [["on", 0], ["off", 0], ["ack", 5 * S]], actions: ["raised", "returned", "acknowledged", "cleared"], end: { state: "normal", active: false, count: 1 } },
  { name: "a repeated report of an active condition changes nothing", kind: "held_open", steps: [["on", 0], ["on", S], ["on", 20 * S]], actions: ["raised"], end: { state: "active_unacked", active: true, count: 1 } },
  { name: "chatter within 10 s is counted on the instance, not raised again", kind: "forced_open", steps: [["on", 0], ["off", S], ["on", 2 * S], ["off", 3 * S], ["on", 4 * S]], actions: ["raised", "returned", "returned"], end: { state: "active_unacked", active: true, count: 3 } },
  { name: "a re-trigger after the chatter interval is announced again on the same instance", kind: "forced_open", steps: [["on", 0], ["off", S], ["on", MIN]], actions: ["raised", "returned", "raised"], end: { state: "active_unacked", active: true, count: 2 } },
  { name: "a cleared alarm chattering back reopens its instance unacknowledged", kind: "forced_open", steps: [["on", 0], ["ack", S], ["off", 2 * S], ["on", 3 * S]], actions: ["raised", "acknowledged", "cleared"], end: { state: "active_unacked", active: true, count: 2 }, instances: 1 },
  { name: "a cleared alarm coming back later is a new instance", kind: "forced_open", steps: [["on", 0], ["ack", S], ["off", 2 * S], ["on", 30 * S]], actions: ["raised", "acknowledged", "cleared", "raised"], end: { state: "active_unacked", active: true, count: 1 }, instances: 2 },
  { name: "a shelf expires and the alarm comes back as it stands", kind: "forced_open", steps: [["on", 0], ["shelve", S, 5], ["off", 2 * S], ["tick", S + 5 * MIN - 1], ["tick", S + 5 * MIN]], actions: ["raised", "shelved", "returned", "unshelved"], end: { state: "returned_unacked", active: false, count: 1 } },
  { name: "unacknowledged high priority escalates after 120 s, once", kind: "forced_open", steps: [["on", 0], ["tick", 119 * S], ["tick", 120 * S], ["tick", 600 * S]], actions: ["raised", "escalated"], end: { state: "active_unacked", active: true, count: 1 } },
  { name: "a latched alarm still escalates after its condition ended", kind: "fire", steps: [["on", 0], ["off", S], ["tick", 120 * S]], actions: ["raised", "returned", "escalated"], end: { state: "active_unacked", active: false, count: 1 } },
  { name: "an acknowledged alarm does not escalate", kind: "forced_open", steps: [["on", 0], ["ack", 60 * S], ["tick", 600 * S]], actions: ["raised", "acknowledged"], end: { state: "active_acked", active: true, count: 1 } },
  { name: "a shelved alarm does not escalate; off the shelf its time starts again", kind: "forced_open", steps: [["on", 0], ["shelve", S, 10], ["tick", 120 * S], ["tick", S + 10 * MIN], ["tick", S + 10 * MIN + 119 * S], ["tick", S + 10 * MIN + 120 * S]], actions: ["raised", "shelved", "unshelved", "escalated"], end: { state: "active_unacked", active: true, count: 1 } },
  { name: "unshelved by a person", kind: "held_open", steps: [["on", 0], ["shelve", S, 10], ["unshelve", 2 * S]], actions: ["raised", "shelved", "unshelved"], end: { state: "active_unacked", active: true, count: 1 } },
  { name: "low priority never escalates", kind: "device_trouble", steps: [["on", 0], ["tick", 3600 * S]], actions: ["raised"], end: { state: "active_unacked", active: true, count: 1 } },
  { name: "a drill's alarm never escalates", kind: "fire", steps: [["drill", 0], ["tick", 3600 * S]], actions: ["raised"], end: { state: "active_unacked", active: true, count: 1 } },
  { name: "a return without an alarm is nothing", kind: "forced_open", steps: [["off", 0]], actions: [], end: null },
];

const COMMANDS: Readonly<Record<"ack" | "unshelve", AlarmCommand>> = {
  ack: { action: "ack", by: "officer", note: null },
  unshelve: { action: "unshelve", by: "officer" },
};

/** Run a row on a fresh book; every action recorded, the refusals, and the book. */
function run(kind: AnnunciatedKind, steps: readonly Step[]) {
  let ids = 0;
  const book = new AlarmBook(POLICY, () => `id-${++ids}`);
  const name = `${kind}@x`;
  const actions: AlarmAction[] = [];
  const refusals: AlarmRefusal[] = [];
  for (const step of steps) {
    const [what, at] = step;
    if (what === "tick") {
      for (const m of book.tick(at)) actions.push(...m.actions);
      continue;
    }
    if (what === "on" || what === "off" || what === "drill") {
      const move = book.signal({ kind, source: "x", location: null, active: what !== "off", drill: what === "drill" }, at);
      if (move !== null) actions.push(...move.actions);
      continue;
    }
    const command: AlarmCommand = what === "shelve" ? { action: "shelve", by: "officer", ms: (step[2] ?? 0) * MIN, reason: "sensor work" } : COMMANDS[what];
    const move = book.command(name, command, at);
    if (typeof move === "string") refusals.push(move);
    else actions.push(...move.actions);
  }
  return { book, name, actions, refusals, ids: () => ids };
}

describe("the alarm state machine (ISA-18.2)", () => {
  it.each(ROWS)("$name", ({ kind, steps, actions, end, instances }) => {
    const r = run(kind, steps);
    expect(r.refusals).toEqual([]);
    expect(r.actions).toEqual(actions);
    const a = r.book.get(r.name);
    expect(a === undefined ? null : { state: a.state, active: a.active, count: a.count }).toEqual(end);
    if (instances !== undefined) expect(r.ids()).toBe(instances);
  });

  it.each([
    ["a life-safety alarm cannot be shelved", "fire", [["on", 0], ["shelve", S, 5]], "not_shelvable"],
    ["a second acknowledge is refused", "forced_open", [["on", 0], ["ack", S], ["ack", 2 * S]], "already_acknowledged"],
    ["an alarm that is not shelved cannot be unshelved", "forced_open", [["on", 0], ["unshelve", S]], "not_shelved"],
    ["a cleared alarm cannot be acknowledged", "forced_open", [["on", 0], ["ack", S], ["off", 2 * S], ["ack", 3 * S]], "not_open"],
    ["a shelf longer than a shift is refused", "forced_open", [["on", 0], ["shelve", S, 481]], "shelf_too_long"],
  ] as const)("%s", (_name, kind, steps, refusal) => {
    expect(run(kind, steps).refusals).toEqual([refusal]);
  });

  it.each([
    ["after the chatter interval", MIN],
    ["within the chatter interval", 2 * S],
  ])("a real lockdown on a latched drill alarm nobody answered is announced as real and escalates (%s)", (_name, at) => {
    const r = run("lockdown", [["drill", 0], ["off", S], ["on", at], ["tick", at + 120 * S]]);
    expect(r.actions).toEqual(["raised", "returned", "raised", "escalated"]);
    expect(r.book.get(r.name)).toMatchObject({ drill: false, active: true, count: 2 });
  });

  it("a drill on an alarm that is real leaves it real", () => {
    const r = run("lockdown", [["on", 0], ["off", S], ["drill", MIN]]);
    expect(r.book.get(r.name)).toMatchObject({ drill: false, active: true });
  });

  it("keeps who acknowledged, when, and the note; the open list drops what cleared", () => {
    const book = new AlarmBook(POLICY, () => "id-1");
    book.signal({ kind: "held_open", source: "gym", location: null, active: true, drill: false }, 0);
    const move = book.command("held_open@gym", { action: "ack", by: "officer", note: "propped for delivery" }, 30 * S);
    expect(move).toMatchObject({ instance: { ackedAt: 30 * S, ackedBy: "officer", ackNote: "propped for delivery", raisedAt: 0 } });
    expect(book.open()).toHaveLength(1);
    book.signal({ kind: "held_open", source: "gym", location: null, active: false, drill: false }, 40 * S);
    expect(book.open()).toEqual([]);
    expect(book.nextDue()).toBeNull();
  });
});
