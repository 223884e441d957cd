import { describe, expect, it } from "vitest";
import type { CredentialRead, DenyReason, EventBody } from "../../src/core/events.js";
import type { Input } from "../../src/core/inputs.js";
import {
  CARDS,
  MONDAY,
  SCHOOL,
  STAFF_PIN,
  STUDENT_DIGITS,
  VISITOR_FROM,
  VISITOR_UNTIL,
  accessEvent,
  badge,
  chicago,
  doorEvent,
  ev,
  eventsOf,
  harness,
  keypad,
  raise,
  tick,
  wake,
  wedge,
  type Card,
  type Step,
} from "../helpers/core-site.js";

const school = harness();
/** Monday 10:00 in Chicago: inside the school day, outside the front door's morning unlock. */
const T = chicago(MONDAY, "10:00");
/** The shipped reader lockout block (readers.lockout.block_ms default): 30 s, doubling with each lockout in a row. */
const BLOCK = 30_000;
/** The shipped PIN timeout (readers.pin_timeout_ms default). */
const PIN_WAIT = 10_000;

/** Flips the bit at 1-based wire position `pos`. */
function flip(bits: string, pos: number): string {
  return bits.slice(0, pos - 1) + (bits[pos - 1] === "1" ? "0" : "1") + bits.slice(pos);
}

const rawRead = (raw: string): CredentialRead => ({ format: "raw", facility: null, number: null, raw });
const digitsRead = (raw: string): CredentialRead => ({ format: "digits", facility: null, number: null, raw });
/** A card's fields as decoded from a mutated read (parity bits flipped only, so the fields stay). */
const mutated = (c: Card, raw: string): CredentialRead => ({ ...c.credential, raw });

type Holder = readonly [id: string, role: string];
const STAFF: Holder = ["h-staff", "staff"];
const STUDENT: Holder = ["h-student", "student"];
const VISITOR: Holder = ["h-visitor", "visitor"];

function doorOf(reader: string): string {
  return school.model.deviceDoor.get(reader)?.door ?? "?";
}

/** The one event of a refusal. */
function denied(reader: string, credential: CredentialRead, reason: DenyReason, holder: Holder | null = null): EventBody[] {
  return [accessEvent(doorOf(reader), reader, credential, reason, holder)];
}

/** The events of a grant at a door whose lock was engaged. */
function granted(reader: string, credential: CredentialRead, holder: Holder | null): EventBody[] {
  return [accessEvent(doorOf(reader), reader, credential, null, holder), doorEvent(doorOf(reader), "unlocked", "grant")];
}

/** One row: [name, inputs that set the scene, the input under test, its time, the events it records]. */
type Row = [name: string, setup: readonly Step[], input: Input, now: number, expected: EventBody[]];

const S = CARDS.staff;
const P1 = flip(S.bits, 1);
const P26 = flip(S.bits, 26);
const C2 = flip(CARDS.admin.bits, 2);
const H37 = flip(CARDS.security.bits, 37);
const NOT_BITS = "2".repeat(26);
const LOCKDOWN: Step = [raise("lockdown", "admin"), T - 1000];
/** A tick before the scene: the doors are at their rules (the library stands unlocked by its schedule). */
const SETTLED: Step = [tick, T - PIN_WAIT - 1];
/** A read as the rows use it: the input at a reader, the credential it records and whose it is. */
interface Read {
  readonly at: (reader: string) => Input;
  readonly credential: CredentialRead;
  readonly holder: Holder | null;
}
const card = (c: Card, holder: Holder | null): Read => ({ at: (r) => badge(r, c.bits), credential: c.credential, holder });
const bits = (b: string, credential: CredentialRead): Read => ({ at: (r) => badge(r, b), credential, holder: null });
const digits = (d: string, holder: Holder | null): Read => ({ at: (r) => wedge(r, d), credential: digitsRead(d), holder });

/** A row for one read at a reader: granted, or refused with a reason. */
function read(name: string, reader: string, r: Read, outcome: "granted" | DenyReason, setup: Step[] = [], now = T): Row {
  const { credential, holder } = r;
  const events = outcome === "granted" ? granted(reader, credential, holder) : denied(reader, credential, outcome, holder);
  return [name, setup, r.at(reader), now, events];
}

const STAFF_CARD = card(S, STAFF);
const STUDENT_WEDGE = digits(STUDENT_DIGITS, STUDENT);
const VISITOR_CARD = card(CARDS.visitor, VISITOR);
const iso = (t: number) => new Date(t).toISOString();
const student = (now: number, outcome: "granted" | DenyReason): Row =>
  read(`student at ${iso(now)}: ${outcome}`, "rdr-library", STUDENT_WEDGE, outcome, [], now);
const visitor = (now: number, outcome: "granted" | DenyReason): Row =>
  read(`visitor at ${iso(now)}: ${outcome}`, "rdr-front-out", VISITOR_CARD, outcome, [], now);
const office = (at: number): Step => [badge("rdr-office", S.bits), at];
const pinTimeout = denied("rdr-office", S.credential, "pin_required", STAFF);
const pinInLockdown = denied("rdr-office", S.credential, "mode_restricted", STAFF);
const RAW_CARD: Card = { bits: "10110011", credential: rawRead("10110011") };
const SECURITY: Holder = ["h-security", "security"];
const NO_PIN: Holder = ["h-nopin", "staff"];

const ROWS: Row[] = [
  read("unknown_credential", "rdr-lab", card(CARDS.unknown, null), "unknown_credential"),
  read("unknown_credential: a raw length nobody holds", "rdr-lab", bits("10110010", rawRead("10110010")), "unknown_credential"),
  read("a configured raw badge is granted", "rdr-lab", card(RAW_CARD, ["h-raw", "staff"]), "granted"),
  read("parity_error: H10301 leading even parity", "rdr-lab", bits(P1, mutated(S, P1)), "parity_error"),
  read("parity_error: H10301 trailing odd parity", "rdr-lab", bits(P26, mutated(S, P26)), "parity_error"),
  read("parity_error: Corporate 1000 bit 2", "rdr-lab", bits(C2, mutated(CARDS.admin, C2)), "parity_error"),
  read("parity_error: H10304 bit 37", "rdr-lab", bits(H37, mutated(CARDS.security, H37)), "parity_error"),
  read("parity_error: a read holding other than 0 and 1", "rdr-lab", bits(NOT_BITS, rawRead(NOT_BITS)), "parity_error"),
  read("suspended", "rdr-lab", card(CARDS.suspended, ["h-suspended", "staff"]), "suspended"),
  read("lost", "rdr-lab", card(CARDS.lost, ["h-lost", "admin"]), "lost"),
  visitor(VISITOR_FROM - 1, "not_yet_valid"),
  visitor(VISITOR_FROM, "granted"),
  visitor(VISITOR_UNTIL - 1, "granted"),
  visitor(VISITOR_UNTIL, "expired"),
  // The school day is 07:15-16:00 Chicago time on weekdays (13:15-22:00 UTC in November).
  student(chicago(MONDAY, "07:15") - 1, "outside_schedule"),
  student(chicago(MONDAY, "07:15"), "granted"),
  student(chicago(MONDAY, "16:00") - 1, "granted"),
  student(chicago(MONDAY, "16:00"), "outside_schedule"),
  student(chicago("2026-11-28", "10:00"), "outside_schedule"), // a Saturday
  student(chicago("2026-11-26", "10:00"), "outside_schedule"), // a calendar holiday
  student(chicago("2026-11-27", "10:00"), "granted"), // the school day after it
  read("door_not_in_group", "rdr-front-out", card(CARDS.contractor, ["h-contractor", "contractor"]), "door_not_in_group"),
  read("mode_restricted: staff at an interior door in lockdown", "rdr-lab", STAFF_CARD, "mode_restricted", [LOCKDOWN]),
  read("security still passes an interior door in lockdown", "rdr-lab", card(CARDS.security, SECURITY), "granted", [LOCKDOWN]),
  read("mode_restricted: a student at an interior door in hold", "rdr-library", STUDENT_WEDGE, "mode_restricted", [
    [raise("hold", "operator"), T - 1000],
  ]),
  read("mode_restricted: a visitor at an exterior door in secure", "rdr-front-out", VISITOR_CARD, "mode_restricted", [
    [raise("secure", "operator"), VISITOR_FROM],
  ]),
  read("pin_required: a card+PIN door and a holder without a PIN", "rdr-office", card(CARDS.noPin, NO_PIN), "pin_required"),
  ["pin_required: the PIN never came (timeout tick)", [SETTLED, office(T - PIN_WAIT)], tick, T, pinTimeout],
  ["a tick one ms before the PIN timeout records nothing", [SETTLED, office(T - PIN_WAIT + 1)], tick, T, []],
  ["pin_wrong", [office(T - 2000)], keypad("rdr-office", "1234"), T, denied("rdr-office", S.credential, "pin_wrong", STAFF)],
  ["the right PIN grants", [office(T - 2000)], keypad("rdr-office", STAFF_PIN), T, granted("rdr-office", S.credential, STAFF)],
  // Regression: a PIN typed after lockdown was raised opened the door (the rules were not checked again).
  ["a PIN typed after lockdown was raised", [office(T - 2000), LOCKDOWN], keypad("rdr-office", STAFF_PIN), T, pinInLockdown],
  ["the right PIN at the timeout is ignored", [office(T - PIN_WAIT)], keypad("rdr-office", STAFF_PIN), T, []],
  ["digits on a keypad with nothing pending are ignored", [], keypad("rdr-office", STAFF_PIN), T, []],
  read("passback: a hard area entered twice", "rdr-gym-in", STAFF_CARD, "passback", [[badge("rdr-gym-in", S.bits), T - 60_000]]),
  read("passback: a hard area left without entering", "rdr-gym-out", STAFF_CARD, "passback"),
  read("passback: a hard area entered, left and entered again", "rdr-gym-in", STAFF_CARD, "granted", [
    [badge("rdr-gym-in", S.bits), T - 60_000],
    [badge("rdr-gym-out", S.bits), T - 30_000],
    [tick, T - 1000],
  ]),
  [
    "passback: a soft area entered twice is granted and flagged",
    [[badge("rdr-annex-in", S.bits), T - 60_000], [tick, T - 1000]],
    badge("rdr-annex-in", S.bits),
    T,
    [accessEvent("annex", "rdr-annex-in", S.credential, null, STAFF, "violation"), doorEvent("annex", "unlocked", "grant")],
  ],
  read("digits: leading zeros are not part of the number", "rdr-library", digits("4512345", STUDENT), "granted"),
  read("digits: a trailing zero is another number", "rdr-library", digits("45123450", null), "unknown_credential"),
];

describe("access rules: one row per rule", () => {
  it.each(ROWS)("%s", (_name, setup, input, now, expected) => {
    const { state: before } = school.run(setup);
    const decision = school.decide(before, input, now);
    expect(eventsOf(decision.effects)).toEqual(expected);
    // Only a grant drives a lock or publishes a door.
    const grant = expected.some((e) => e.type === "access" && e.result === "granted");
    expect(decision.effects.some((e) => e.type === "lock" || e.type === "door_state")).toBe(grant);
  });

  it("every deny reason but reader_locked_out has a row (the lockout has its own tests)", () => {
    const reasons = new Set(
      ROWS.flatMap(([, , , , events]) => events.flatMap((e) => (e.type === "access" && e.reason ? [e.reason] : []))),
    );
    expect([...reasons].sort()).toEqual([
      "door_not_in_group",
      "expired",
      "lost",
      "mode_restricted",
      "not_yet_valid",
      "outside_schedule",
      "parity_error",
      "passback",
      "pin_required",
      "pin_wrong",
      "suspended",
      "unknown_credential",
    ]);
  });

  it("a refusal of a valid card (no lockout count) leaves the state object as it was", () => {
    const before = school.start();
    for (const card of [CARDS.suspended, CARDS.lost, CARDS.contractor]) {
      expect(school.decide(before, badge("rdr-front-out", card.bits), T).state).toBe(before);
    }
  });
});

describe("reader lockout after invalid reads", () => {
  const UNKNOWN = badge("rdr-lab", CARDS.unknown.bits);
  const refused = accessEvent("lab", "rdr-lab", CARDS.unknown.credential, "unknown_credential", null);
  /** Five invalid reads at the lab reader from `t`, one ms apart (the shipped threshold is 5). */
  const five = (t: number): Step[] => [0, 1, 2, 3, 4].map((i): Step => [UNKNOWN, t + i]);
  function alarm(
    active: boolean,
    until: number | null,
    reader = "rdr-lab",
    door = "lab",
    location = "Science lab reader",
  ): EventBody {
    const iso = until === null ? null : new Date(until).toISOString();
    return { type: "alarm", alarm: "reader_lockout", active, device: reader, door, location, until: iso };
  }

  it("the fifth invalid read raises the alarm with its end and asks to be woken then; the first four only record", () => {
    const run = school.run(five(T));
    expect(run.last.effects).toEqual([ev(refused), ev(alarm(true, T + 4 + BLOCK)), wake(T + 4 + BLOCK)]);
    expect(eventsOf(run.effects)).toEqual([refused, refused, refused, refused, refused, alarm(true, T + 4 + BLOCK)]);
  });

  it("parity errors and wrong PINs count towards the same lockout", () => {
    const pinTry = (t: number): Step[] => [[badge("rdr-office", S.bits), t], [keypad("rdr-office", "0000"), t + 1]];
    const run = school.run([
      [badge("rdr-office", P1), T],
      [badge("rdr-office", CARDS.unknown.bits), T + 10],
      ...pinTry(T + 20),
      ...pinTry(T + 30),
      ...pinTry(T + 40),
    ]);
    expect(eventsOf(run.last.effects)).toEqual([
      ...denied("rdr-office", S.credential, "pin_wrong", STAFF),
      alarm(true, T + 41 + BLOCK, "rdr-office", "office", "rdr-office"),
    ]);
  });

  it("while locked out a valid card is refused with reader_locked_out and nothing changes; other readers still work", () => {
    const { state } = school.run(five(T));
    const blocked = school.decide(state, badge("rdr-lab", S.bits), T + 4 + BLOCK - 1);
    expect(blocked.effects).toEqual([ev(accessEvent("lab", "rdr-lab", S.credential, "reader_locked_out", STAFF))]);
    expect(blocked.state).toBe(state);
    expect(
      eventsOf(school.decide(state, badge("rdr-side", S.bits), T + 5).effects),
    ).toEqual(granted("rdr-side", S.credential, STAFF));
  });

  it("the lockout ends at its tick with the alarm's end, and the reader takes cards again", () => {
    const end = T + 4 + BLOCK;
    const { state } = school.run([...five(T), [tick, end - 1]]);
    const ended = school.decide(state, tick, end);
    expect(eventsOf(ended.effects)).toEqual([alarm(false, null)]);
    expect(
      eventsOf(school.decide(ended.state, badge("rdr-lab", S.bits), end + 1).effects),
    ).toEqual(granted("rdr-lab", S.credential, STAFF));
  });

  it("each lockout in a row lasts twice as long as the one before, up to max_block_ms", () => {
    const capped = harness({ ...SCHOOL, readers: { lockout: { threshold: 5, block_ms: BLOCK, max_block_ms: 100_000 } } });
    let state = capped.start();
    let t = T;
    const blocks: number[] = [];
    for (let i = 0; i < 4; i++) {
      const run = capped.run(five(t), state);
      const raised = eventsOf(run.last.effects).find((e) => e.type === "alarm");
      blocks.push(raised?.type === "alarm" && raised.until !== null ? Date.parse(raised.until) - (t + 4) : -1);
      t += 4 + (blocks[i] ?? 0);
      state = capped.decide(run.state, tick, t).state;
      t += 1;
    }
    expect(blocks).toEqual([BLOCK, 2 * BLOCK, 100_000, 100_000]);
  });

  it("a grant starts the count and the doubling over", () => {
    const end = T + 4 + BLOCK;
    const grantAt = end + 10;
    const run = school.run([
      ...five(T),
      [tick, end],
      ...five(end + 1).slice(0, 4),
      [badge("rdr-lab", S.bits), grantAt],
      ...five(grantAt + 1),
    ]);
    expect(eventsOf(run.effects).filter((e) => e.type === "alarm")).toEqual([
      alarm(true, end),
      alarm(false, null),
      alarm(true, grantAt + 5 + BLOCK),
    ]);
  });

  it("refusals of valid cards do not count", () => {
    const run = school.run([0, 1, 2, 3, 4, 5].map((i): Step => [badge("rdr-lab", CARDS.suspended.bits), T + i]));
    expect(eventsOf(run.effects).some((e) => e.type === "alarm")).toBe(false);
  });
});
