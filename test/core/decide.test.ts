import { doorById } from "../../src/core/state.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeBits } from "../../src/core/badge.js";
import { createDecider } from "../../src/core/decide.js";
import type { Effect } from "../../src/core/effects.js";
import type { CredentialRead, DenyReason } from "../../src/core/events.js";
import type { Input } from "../../src/core/inputs.js";
import { initialState, type CoreState } from "../../src/core/state.js";
import { handSite } from "../helpers/hand-site.js";

/** 2025-09-01T12:00:00Z: any fixed instant; the core never reads the clock itself. */
const NOW = Date.UTC(2025, 8, 1, 12, 0, 0);
/** One hour: the visitor's validity window. */
const HOUR = 3_600_000;

/** Bits written out from a hex value and a count, independently of the module under test. */
function hexBits(count: number, hex: string): string {
  return BigInt(hex).toString(2).padStart(count, "0");
}

/** Flips the bit at 1-based wire position `pos`. */
function flip(bits: string, pos: number): string {
  return bits.slice(0, pos - 1) + (bits[pos - 1] === "1" ? "0" : "1") + bits.slice(pos);
}

/** H10301 FC 123 / CN 45678 (REFERENCE.md vector). */
const STAFF_BITS = hexBits(26, "0x2F764DD");
/** H10301 FC 1 / CN 1 (REFERENCE.md vector): valid parity, but nobody holds it. */
const UNKNOWN_BITS = hexBits(26, "0x2020002");
const SUSPENDED_BITS = encodeBits("h10301", 123, 1200);
const LOST_BITS = encodeBits("corp1000", 1001, 5000);
const VISITOR_BITS = encodeBits("h10304", 4242, 300001);

/** A small site built by hand, so this test does not depend on the configuration compiler. */
function buildSite() {
  return handSite(
    [
      { id: "front", readers: ["rdr-front-ext", "rdr-front-int"], contact: "dc-front", rex: "rex-front", lock: "lk-front" },
      { id: "lab", readers: ["rdr-lab"], lock: "lk-lab", strikeMs: 8000 },
      { id: "gate", readers: ["rdr-gate"] },
    ],
    [
      { id: "h-staff", role: "staff", doors: ["front", "gate"], badges: [{ format: "h10301", facility: 123, number: 45678 }] },
      { id: "h-susp", role: "staff", doors: ["front"], status: "suspended", badges: [{ bits: SUSPENDED_BITS }] },
      { id: "h-lost", role: "admin", doors: ["front", "lab"], status: "lost", badges: [{ bits: LOST_BITS }] },
      {
        id: "h-visitor",
        role: "visitor",
        doors: ["front"],
        validFrom: NOW,
        validUntil: NOW + HOUR,
        badges: [{ format: "h10304", facility: 4242, number: 300001 }],
      },
      { id: "h-student", role: "student", doors: ["front"], badges: [{ digits: "4512345" }] },
    ],
  );
}

const SITE = buildSite();
const decide = createDecider(SITE);

function bits(reader: string, value: string): Input {
  return { kind: "badge", reader, read: { kind: "bits", bits: value } };
}

function digits(reader: string, value: string): Input {
  return { kind: "badge", reader, read: { kind: "digits", digits: value } };
}

function h10301(facility: number, number: number, raw: string): CredentialRead {
  return { format: "h10301", facility, number, raw };
}

function wedge(raw: string): CredentialRead {
  return { format: "digits", facility: null, number: null, raw };
}

function raw(value: string): CredentialRead {
  return { format: "raw", facility: null, number: null, raw: value };
}

/** Who a verdict names: holder id and role, or neither for an unknown card. */
type Who = readonly [holder: string, role: string] | null;

/** The access event a badge decision emits. */
function access(door: string, reader: string, credential: CredentialRead, reason: DenyReason | null, who: Who): Effect {
  const result = reason === null ? "granted" : "denied";
  const [holder, role] = who ?? [null, null];
  return { type: "event", event: { type: "access", door, reader, result, reason, credential, holder, role } };
}

/** Effects of a grant at "front" while its lock is engaged: the event, unlock, door event, door and site state, relock wake. */
function released(reader: string, credential: CredentialRead, who: Who, now: number): Effect[] {
  return [
    access("front", reader, credential, null, who),
    { type: "lock", door: "front", device: "lk-front", locked: false },
    { type: "event", event: { type: "door", door: "front", action: "unlocked", cause: "grant" } },
    { type: "door_state", door: "front", locked: false, open: false, alarm: "none" },
    { type: "site_state" },
    { type: "wake", at: now + 5000 },
  ];
}

/** Effects of a denial at the front door's outside reader: the event and nothing else. */
function denied(reason: DenyReason, credential: CredentialRead, who: Who = null): Effect[] {
  return [access("front", "rdr-front-ext", credential, reason, who)];
}

/** One row: the inputs that set the scene (each at its own time), the input under test, its time, and the effects. */
type Row = [name: string, setup: readonly [Input, number][], input: Input, now: number, expected: Effect[]];

const STAFF = h10301(123, 45678, STAFF_BITS);
const VISITOR: CredentialRead = { format: "h10304", facility: 4242, number: 300001, raw: VISITOR_BITS };
const LOST: CredentialRead = { format: "corp1000", facility: 1001, number: 5000, raw: LOST_BITS };
const STAFF_WHO: Who = ["h-staff", "staff"];
const VISITOR_WHO: Who = ["h-visitor", "visitor"];
const STUDENT_WHO: Who = ["h-student", "student"];
const OUT = "rdr-front-ext";
const P1 = flip(STAFF_BITS, 1);
const P26 = flip(STAFF_BITS, 26);
const NOT_BITS = "2".repeat(26);

const ROWS: Row[] = [
  ["grant at the outside reader", [], bits(OUT, STAFF_BITS), NOW, released(OUT, STAFF, STAFF_WHO, NOW)],
  [
    "grant at the inside reader of the same door",
    [],
    bits("rdr-front-int", STAFF_BITS),
    NOW,
    released("rdr-front-int", STAFF, STAFF_WHO, NOW),
  ],
  [
    "second grant while released: drives nothing, the relock moves",
    [[bits(OUT, STAFF_BITS), NOW - 1000]],
    bits(OUT, STAFF_BITS),
    NOW,
    [access("front", OUT, STAFF, null, STAFF_WHO), { type: "wake", at: NOW + 5000 }],
  ],
  [
    "grant at a door without a lock output: no lock effect",
    [],
    bits("rdr-gate", STAFF_BITS),
    NOW,
    [
      access("gate", "rdr-gate", STAFF, null, STAFF_WHO),
      { type: "event", event: { type: "door", door: "gate", action: "unlocked", cause: "grant" } },
      { type: "door_state", door: "gate", locked: false, open: false, alarm: "none" },
      { type: "site_state" },
      { type: "wake", at: NOW + 5000 },
    ],
  ],
  ["unknown_credential", [], bits(OUT, UNKNOWN_BITS), NOW, denied("unknown_credential", h10301(1, 1, UNKNOWN_BITS))],
  [
    "unknown_credential: raw read of a length without a layout",
    [],
    bits(OUT, "10110011"),
    NOW,
    denied("unknown_credential", raw("10110011")),
  ],
  ["parity_error: leading even parity bit flipped", [], bits(OUT, P1), NOW, denied("parity_error", h10301(123, 45678, P1))],
  ["parity_error: trailing odd parity bit flipped", [], bits(OUT, P26), NOW, denied("parity_error", h10301(123, 45678, P26))],
  ["parity_error: a read holding other than 0 and 1", [], bits(OUT, NOT_BITS), NOW, denied("parity_error", raw(NOT_BITS))],
  ["suspended", [], bits(OUT, SUSPENDED_BITS), NOW, denied("suspended", h10301(123, 1200, SUSPENDED_BITS), ["h-susp", "staff"])],
  ["lost", [], bits(OUT, LOST_BITS), NOW, denied("lost", LOST, ["h-lost", "admin"])],
  ["not_yet_valid one ms before valid_from", [], bits(OUT, VISITOR_BITS), NOW - 1, denied("not_yet_valid", VISITOR, VISITOR_WHO)],
  ["valid at exactly valid_from", [], bits(OUT, VISITOR_BITS), NOW, released(OUT, VISITOR, VISITOR_WHO, NOW)],
  [
    "valid one ms before valid_until",
    [],
    bits(OUT, VISITOR_BITS),
    NOW + HOUR - 1,
    released(OUT, VISITOR, VISITOR_WHO, NOW + HOUR - 1),
  ],
  ["expired at exactly valid_until", [], bits(OUT, VISITOR_BITS), NOW + HOUR, denied("expired", VISITOR, VISITOR_WHO)],
  [
    "door_not_in_group",
    [],
    bits("rdr-lab", STAFF_BITS),
    NOW,
    [access("lab", "rdr-lab", STAFF, "door_not_in_group", STAFF_WHO)],
  ],
  ["digits: leading zeros ignored", [], digits(OUT, "0004512345"), NOW, released(OUT, wedge("0004512345"), STUDENT_WHO, NOW)],
  ["digits without leading zeros", [], digits(OUT, "4512345"), NOW, released(OUT, wedge("4512345"), STUDENT_WHO, NOW)],
  [
    "digits: a trailing zero is another number",
    [],
    digits(OUT, "45123450"),
    NOW,
    denied("unknown_credential", wedge("45123450")),
  ],
  ["a reader bound to no door: nothing", [], bits("rdr-spare", STAFF_BITS), NOW, []],
  ["a badge on a contact device id: nothing", [], bits("dc-front", STAFF_BITS), NOW, []],
  ["a badge on a lock device id: nothing", [], bits("lk-front", STAFF_BITS), NOW, []],
  [
    "device status becomes a device event",
    [],
    { kind: "device_status", device: "rdr-lab", status: "offline", reason: "no reply" },
    NOW,
    [
      { type: "event", event: { type: "device", device: "rdr-lab", status: "offline", reason: "no reply" } },
      // A door reader going offline is also an alarm: nobody can badge in there.
      {
        type: "event",
        event: { type: "alarm", alarm: "reader_offline", active: true, device: "rdr-lab", door: "lab", location: "lab", until: null, reason: "no reply" },
      },
      { type: "site_state" },
    ],
  ],
];

function replay(setup: readonly [Input, number][]): CoreState {
  let state = initialState(SITE);
  for (const [input, at] of setup) state = decide(state, input, at).state;
  return state;
}

describe("decide: badge decisions", () => {
  it.each(ROWS)("%s", (_name, setup, input, now, expected) => {
    const before = replay(setup);
    const decision = decide(before, input, now);
    expect(decision.effects).toEqual(expected);
    // A refusal never touches a door; an input that produces nothing changes nothing at all.
    const granted = expected.some((e) => e.type === "event" && e.event.type === "access" && e.event.result === "granted");
    if (!granted) expect(decision.state.doors).toBe(before.doors);
    if (expected.length === 0) expect(decision.state).toBe(before);
  });

  it("a grant releases only the door whose reader read the badge", () => {
    const decision = decide(initialState(SITE), bits("rdr-front-ext", STAFF_BITS), NOW);
    expect(doorById(SITE, decision.state, "front")).toMatchObject({ locked: false, relockAt: NOW + 5000 });
    expect(doorById(SITE, decision.state, "lab")).toBe(doorById(SITE, initialState(SITE), "lab"));
    expect(doorById(SITE, decision.state, "gate")).toEqual(doorById(SITE, initialState(SITE), "gate"));
  });

  it("any 26-bit read is either the staff badge (granted) or denied with one event and no door change", () => {
    const before = initialState(SITE);
    fc.assert(
      fc.property(fc.array(fc.constantFrom("0", "1"), { minLength: 26, maxLength: 26 }), (chars) => {
        const read = chars.join("");
        const decision = decide(before, bits("rdr-front-ext", read), NOW);
        if (read === STAFF_BITS) return decision.effects.length === 6;
        const [only, ...rest] = decision.effects;
        return (
          rest.length === 0 &&
          only?.type === "event" &&
          only.event.type === "access" &&
          only.event.result === "denied" &&
          decision.state.doors === before.doors
        );
      }),
    );
  });
});
