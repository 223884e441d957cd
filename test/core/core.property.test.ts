import { doorById } from "../../src/core/state.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBits } from "../../src/core/badge.js";
import { NOT_FOUND } from "../../src/core/credential-index/credential-index.js";
import type { Decision } from "../../src/core/decide.js";
import type { AccessEvent, EventBody } from "../../src/core/events.js";
import type { Input } from "../../src/core/inputs.js";
import { MODES, type Mode } from "../../src/core/model.js";
import { replay, viewOf } from "../helpers/event-replay.js";
import { NORMAL_SAFETY, type CoreState, type SafetyState } from "../../src/core/state.js";
import {
  CARDS,
  MONDAY,
  STAFF_PIN,
  STUDENT_DIGITS,
  badge,
  chicago,
  clear,
  command,
  contact,
  eventsOf,
  fire,
  harness,
  keySwitch,
  keypad,
  panic,
  raise,
  rex,
  tick,
  wedge,
} from "../helpers/core-site.js";

/**
 * Invariants of the decision core over random input sequences at random times, on the test school
 * compiled with the shipped safety defaults.
 */

const school = harness();
const model = school.model;
/** Monday 06:00 in Chicago: sequences run from before school through the day's schedule changes. */
const T0 = chicago(MONDAY, "06:00");
/** Runs per property: enough to reach rare combinations, few enough to stay within a few seconds. */
const RUNS = 200;
const DAY = 86_400_000;

const devicesOf = (part: string): string[] => [...model.deviceDoor].filter(([, b]) => b.part === part).map(([id]) => id);
const READERS = devicesOf("reader");
const PIN_READERS = READERS.filter((r) => model.doors.get(model.deviceDoor.get(r)?.door ?? "")?.cardAndPin === true);
const DOORS = [...model.doors.keys()];
const EGRESS = [...model.doors.values()].filter((d) => d.egress).map((d) => d.id);
const CARD_BITS = [...Object.values(CARDS).map((c) => c.bits), "10110011"];
const PIN_HOLDERS = [CARDS.staff.bits, CARDS.admin.bits];
const PRINCIPALS = ["operator", "admin", "district", "panic", "key_switch", "viewer"];

function flipAt(bits: string, i: number): string {
  const p = i % bits.length;
  return bits.slice(0, p) + (bits[p] === "1" ? "0" : "1") + bits.slice(p + 1);
}

/** A read as it may come off the wire: a good card, a card with bits flipped, added or dropped, noise, or junk text. */
const bitsArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...CARD_BITS) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...CARD_BITS), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }))
      .map(([bits, flips]) => flips.reduce(flipAt, bits)),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...CARD_BITS), fc.boolean()).map(([b, longer]) => (longer ? `${b}1` : b.slice(1))),
  },
  { weight: 2, arbitrary: fc.array(fc.constantFrom("0", "1"), { minLength: 1, maxLength: 40 }).map((a) => a.join("")) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

const modeArb = fc.constantFrom<Mode>(...MODES);
const principalArb = fc.constantFrom(...PRINCIPALS);
const readerArb = fc.constantFrom(...READERS);

/** Mode requests by anyone (rights or not), panic buttons, key switches, fire alarm inputs. */
const safetyArb: fc.Arbitrary<Input> = fc.oneof(
  fc.tuple(modeArb, principalArb, fc.boolean()).map(([m, by, drill]) => raise(m, by, { drill })),
  principalArb.map((by) => clear(by)),
  fc.tuple(fc.constantFrom(...model.safety.panics.keys()), fc.boolean()).map(([d, p]) => panic(d, p)),
  fc.tuple(fc.constantFrom(...model.safety.keySwitches.keys()), fc.boolean()).map(([d, on]) => keySwitch(d, on)),
  fc.tuple(fc.constantFrom("fire-panel", "fire-annex"), fc.boolean()).map(([d, a]) => fire(d, a)),
);

const commandArb: fc.Arbitrary<Input> = fc
  .tuple(
    fc.constantFrom(...DOORS, "nope"),
    fc.constantFrom("momentary", "unlock", "lock", "release" as const),
    principalArb,
    fc.option(fc.nat({ max: DAY })),
  )
  .map(([door, action, by, until]) => command(door, action, by, until === null ? null : T0 + until));

const inputArb: fc.Arbitrary<Input> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(readerArb, bitsArb).map(([r, b]) => badge(r, b)) },
  { weight: 1, arbitrary: fc.tuple(readerArb, fc.constantFrom(STUDENT_DIGITS, "4512345", "12")).map(([r, d]) => wedge(r, d)) },
  { weight: 1, arbitrary: fc.tuple(readerArb, fc.constantFrom(STAFF_PIN, "9999", "0000")).map(([r, d]) => keypad(r, d)) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...devicesOf("contact")), fc.boolean()).map(([d, open]) => contact(d, open)) },
  { weight: 1, arbitrary: fc.constant(rex("rex-front")) },
  { weight: 3, arbitrary: safetyArb },
  { weight: 2, arbitrary: commandArb },
  { weight: 4, arbitrary: fc.constant(tick) },
);

/** Milliseconds between inputs: mostly moments apart, sometimes minutes, now and then hours (schedule changes). */
const gapArb = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 2000 }) },
  { weight: 3, arbitrary: fc.nat({ max: 120_000 }) },
  { weight: 1, arbitrary: fc.nat({ max: 6 * 3_600_000 }) },
);

/** A card+PIN attempt interrupted by a safety input: someone badges, an alarm goes off, they type the PIN. */
const pinAttemptArb: fc.Arbitrary<[Input, number][]> = fc
  .tuple(
    fc.constantFrom(...PIN_READERS),
    fc.constantFrom(...PIN_HOLDERS),
    safetyArb,
    fc.constantFrom(STAFF_PIN, "9999", "1111"),
    fc.nat({ max: 4000 }),
    fc.nat({ max: 4000 }),
  )
  .map(([r, card, alarm, pin, g1, g2]) => [
    [badge(r, card), 0],
    [alarm, g1],
    [keypad(r, pin), g2],
  ]);

const chunkArb = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(inputArb, gapArb).map((s) => [s]) },
  { weight: 2, arbitrary: pinAttemptArb },
);
const sequenceArb = fc.array(chunkArb, { minLength: 5, maxLength: 30 }).map((chunks) => chunks.flat());

/** The safety state a gateway restarts in: normal mostly, else a mode restored from disk (a lockdown survives a reboot). */
const restoredArb: fc.Arbitrary<SafetyState> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(NORMAL_SAFETY) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(modeArb, fc.boolean())
      .map(([mode, drill]) => ({ mode, drill: drill && mode !== "normal", silent: false, since: T0 - 60_000, by: "admin" })),
  },
);

/** One decision of a run, with the state it was taken in. */
interface Step {
  readonly before: CoreState;
  readonly input: Input;
  readonly decision: Decision;
}

interface Run {
  readonly steps: Step[];
  readonly events: EventBody[];
  readonly final: CoreState;
}

/** Start, tick once at T0 (the start-up lock state goes into the log), then feed the inputs. */
function simulate(inputs: readonly [Input, number][], restored: SafetyState = NORMAL_SAFETY): Run {
  let state = school.start(restored);
  let now = T0;
  const steps: Step[] = [];
  const events: EventBody[] = [];
  for (const [input, gap] of [[tick, 0] as const, ...inputs]) {
    now += gap;
    const decision = school.decide(state, input, now);
    steps.push({ before: state, input, decision });
    events.push(...eventsOf(decision.effects));
    state = decision.state;
  }
  return { steps, events, final: state };
}

function grants(d: Decision): AccessEvent[] {
  return eventsOf(d.effects).filter((e): e is AccessEvent => e.type === "access" && e.result === "granted");
}

/** Whether a read (bits, or keyboard-wedge digits) has good parity and a holder in the index. */
function isHeldRead(kind: "bits" | "digits", raw: string): boolean {
  if (kind === "digits") return model.credentials.findDigits(raw) !== NOT_FOUND;
  return decodeBits(raw).parityOk && model.credentials.findRaw(raw) !== NOT_FOUND;
}

describe("decision core invariants", () => {
  it("(1) no grant from a malformed or parity-failed read, or from a read the index does not hold", () => {
    fc.assert(
      fc.property(sequenceArb, restoredArb, (inputs, restored) => {
        for (const { input, decision } of simulate(inputs, restored).steps) {
          for (const g of grants(decision)) {
            expect(
              isHeldRead(g.credential.format === "digits" ? "digits" : "bits", g.credential.raw),
              g.credential.raw,
            ).toBe(true);
          }
          if (input.kind === "badge" && input.read.kind === "bits" && !isHeldRead("bits", input.read.bits)) {
            expect(grants(decision)).toEqual([]);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("(2) in lockdown no role outside the mode's allowed set is granted", () => {
    const lockdown = model.safety.modes.get("lockdown");
    fc.assert(
      fc.property(sequenceArb, restoredArb, (inputs, restored) => {
        for (const { before, decision } of simulate(inputs, restored).steps) {
          if (before.safety.mode !== "lockdown") continue;
          for (const g of grants(decision)) {
            const allowed = lockdown?.doors.get(g.door)?.allowRoles ?? null;
            const role = g.role as Parameters<NonNullable<typeof allowed>["has"]>[0];
            expect(allowed === null || allowed.has(role), `${g.role} granted at ${g.door} in lockdown`).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("(3) once a fire alarm input is active, every egress door is unlocked in that decision and while the alarm lasts", () => {
    expect([...EGRESS].sort()).toEqual(["library", "side"]);
    fc.assert(
      fc.property(sequenceArb, restoredArb, (inputs, restored) => {
        for (const { input, decision } of simulate(inputs, restored).steps) {
          if (!(input.kind === "fire_alarm" && input.active) && decision.state.fire.length === 0) continue;
          const locked = EGRESS.filter((id) => doorById(model, decision.state, id)?.locked !== false);
          expect(locked, `after ${JSON.stringify(input)}`).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("(4) the mode changes only through a mode event by a principal with the right, never to a lower priority", () => {
    const rules = (m: string) => model.safety.modes.get(m as Mode);
    fc.assert(
      fc.property(sequenceArb, restoredArb, (inputs, restored) => {
        for (const { before, decision } of simulate(inputs, restored).steps) {
          const modeEvents = eventsOf(decision.effects).filter((e) => e.type === "mode");
          for (const e of modeEvents) {
            const rights = e.action === "raised" ? rules(e.mode)?.raise : rules(e.previous)?.clear;
            expect(rights?.has(e.by), `${e.by} ${e.action} ${e.mode} (was ${e.previous})`).toBe(true);
            if (e.action !== "raised") continue;
            expect(rules(e.mode)?.priority ?? 0).toBeGreaterThanOrEqual(rules(e.previous)?.priority ?? 0);
          }
          const was = before.safety;
          const now = decision.state.safety;
          if (now.mode === was.mode && now.drill === was.drill) continue;
          const recorded = modeEvents.some(
            (e) => e.mode === now.mode && e.previous === was.mode && e.drill === (e.action === "raised" ? now.drill : was.drill),
          );
          expect(recorded, `${was.mode} → ${now.mode} without its mode event`).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("(5) replaying the event log from the start reproduces the live view", () => {
    fc.assert(
      fc.property(sequenceArb, (inputs) => {
        const { events, final } = simulate(inputs);
        expect(replay(DOORS, events)).toEqual(viewOf(model, final));
      }),
      { numRuns: RUNS },
    );
  });
});
