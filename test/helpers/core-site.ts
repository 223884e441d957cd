/**
 * Site models for decision-core tests, built through the real configuration path (schema, reference
 * checks, compiler) from a small inline config and an in-memory catalog, so the tests exercise the
 * shipped safety defaults; plus input and expected-effect constructors and a runner for input sequences.
 */
import type { z } from "zod";
import type { Catalog } from "../../src/catalog/load.js";
import { CatalogModelSchema, type CatalogModel } from "../../src/catalog/schema.js";
import { badgeConfigKey, compileSite } from "../../src/config/compile.js";
import { checkReferences } from "../../src/config/references.js";
import { SiteConfigSchema } from "../../src/config/schema.js";
import { encodeBits } from "../../src/core/badge.js";
import { createDecider, type Decide, type Decision } from "../../src/core/decide.js";
import type { DoorAlarm, Effect } from "../../src/core/effects.js";
import type { CredentialRead, DenyReason, DoorAction, EventBody, LockCause } from "../../src/core/events.js";
import type { DoorCommandInput, Input, ModeRequestInput, Principal } from "../../src/core/inputs.js";
import type { Mode, SiteModel } from "../../src/core/model.js";
import { initialState, type CoreState, type SafetyState } from "../../src/core/state.js";

/** A site configuration as written (snake_case, before defaults): what SiteConfigSchema accepts. */
export type SiteConfigInput = z.input<typeof SiteConfigSchema>;

/** [model, kind, fail mode of a lock]: the simulated models tests wire up. */
const MODELS: readonly [string, CatalogModel["kind"], ("safe" | "secure")?][] = [
  ["sim/badge-reader", "reader"], ["sim/door-contact", "contact"], ["sim/rex-button", "rex"],
  ["sim/strike", "lock", "secure"], ["sim/maglock", "lock", "safe"], ["sim/panic-button", "panic"],
  ["sim/fire-alarm-relay", "fire_alarm"], ["sim/strobe", "strobe"], ["sim/sounder", "sounder"],
  ["sim/key-switch", "key_switch"], ["sim/metal-detector", "metal_detector"],
];

function catalogModel([model, kind, fail]: (typeof MODELS)[number]): [string, CatalogModel] {
  const fields = { model, vendor: "Test", name: model, kind, transport: { type: "sim" }, ...(fail ? { fail_mode: fail } : {}) };
  return [model, CatalogModelSchema.parse(fields)];
}

/** A tiny catalog held in memory, each model validated by the real catalog schema. */
export const TEST_CATALOG: Catalog = { models: new Map(MODELS.map(catalogModel)) };

/** Validate, reference-check and compile a config into the core's model; throws on any problem. */
export function compileTestSite(input: SiteConfigInput): SiteModel {
  const config = SiteConfigSchema.parse(input);
  const problems = checkReferences(config, TEST_CATALOG, () => ({ file: "inline", line: 1, col: 1 }), badgeConfigKey);
  if (problems.length > 0) throw new Error(`test config has problems: ${JSON.stringify(problems)}`);
  return compileSite(config, TEST_CATALOG, "/", []).core;
}

/** A badge by format, facility and number, with its wire bits and how the audit trail records it. */
export interface Card {
  readonly bits: string;
  readonly credential: CredentialRead;
}

function card(format: "h10301" | "corp1000" | "h10304", facility: number, number: number): Card {
  const bits = encodeBits(format, facility, number);
  return { bits, credential: { format, facility, number, raw: bits } };
}

/** The test school's badges. STAFF is the REFERENCE.md vector FC 123 / CN 45678 (26:0x2F764DD). */
export const CARDS = {
  staff: card("h10301", 123, 45678),
  noPin: card("h10301", 123, 2000),
  admin: card("corp1000", 1001, 5000),
  security: card("h10304", 4242, 300001),
  responder: card("h10301", 200, 1),
  visitor: card("h10301", 123, 3000),
  contractor: card("h10301", 123, 3100),
  suspended: card("h10301", 123, 1200),
  lost: card("corp1000", 1001, 6000),
  extended: card("h10301", 123, 4000),
  /** Valid parity, held by nobody (REFERENCE.md vector FC 1 / CN 1). */
  unknown: card("h10301", 1, 1),
} as const;

/** The student's keyboard-wedge number as configured (leading zeros are not part of the key). */
export const STUDENT_DIGITS = "0004512345";
/** The PIN of the staff holder (card+PIN doors). */
export const STAFF_PIN = "4321";
/** The visitor's validity window: 08:00-14:00 Chicago time on Monday 2026-11-23. */
export const VISITOR_FROM = Date.parse("2026-11-23T14:00:00Z");
/** End of the visitor's validity (exclusive). */
export const VISITOR_UNTIL = Date.parse("2026-11-23T20:00:00Z");

/** Instant of a Chicago wall-clock time on a date in standard time (CST, UTC−6: November to March). */
export function chicago(date: string, hhmm: string): number {
  return Date.parse(`${date}T${hhmm}:00-06:00`);
}
/** A Monday in term time; Thursday 2026-11-26 is a holiday in the test school's calendar. */
export const MONDAY = "2026-11-23";

/** The access group that opens every door; door groups. */
const ALL = ["all-doors"];
const [EXTERIOR, INTERIOR] = [["exterior"], ["interior"]];
const bits = (c: Card): { bits: string } => ({ bits: c.bits });
const dev = (id: string, model: string, extra: Record<string, string> = {}) => ({ id, model: `sim/${model}`, ...extra });

/**
 * The test school. Doors: front (exterior, strike, unlocked 07:30-08:15 on school days, held-open
 * warning), side (exterior, maglock: egress), lab (interior, strike), office (interior, card+PIN),
 * library (interior, maglock: egress, unlocked 08:00-15:00), gym (interior, hard anti-passback),
 * annex (interior, no lock, soft anti-passback).
 */
export const SCHOOL: SiteConfigInput = {
  site: { id: "test-school", name: "Test School", timezone: "America/Chicago" },
  devices: [
    ...["rdr-front-out", "rdr-front-in", "rdr-side", "rdr-office", "rdr-library"].map((id) => dev(id, "badge-reader")),
    ...["rdr-gym-in", "rdr-gym-out", "rdr-annex-in", "rdr-annex-out"].map((id) => dev(id, "badge-reader")),
    dev("rdr-lab", "badge-reader", { name: "Science lab reader" }),
    ...["dc-front", "dc-side", "dc-lab", "dc-office", "dc-library"].map((id) => dev(id, "door-contact")),
    dev("rex-front", "rex-button"),
    ...["lk-front", "lk-lab", "lk-office", "lk-gym"].map((id) => dev(id, "strike")),
    ...["lk-side", "lk-library"].map((id) => dev(id, "maglock")),
    dev("panic-office", "panic-button", { location: "Front office" }), dev("panic-gym", "panic-button", { location: "Gym" }),
    dev("panic-nurse", "panic-button", { location: "Nurse" }), dev("panic-spare", "panic-button", { name: "Spare panic button" }),
    dev("ks-office", "key-switch", { location: "Office key switch" }), dev("ks-main", "key-switch", { location: "Main switch" }),
    dev("fire-panel", "fire-alarm-relay", { location: "Fire panel" }), dev("fire-annex", "fire-alarm-relay"),
    dev("strobe-hall", "strobe"), dev("horn-hall", "sounder"), dev("wtmd-main", "metal-detector"),
  ],
  doors: [
    {
      id: "front", name: "Front door", groups: ["exterior", "main_entrance"], readers: ["rdr-front-out", "rdr-front-in"],
      contact: "dc-front", rex: "rex-front", lock: "lk-front", held_open_ms: 20_000, held_open_warning_ms: 5000,
      unlock_schedule: "morning-entry",
    },
    { id: "side", name: "Side", groups: EXTERIOR, readers: ["rdr-side"], contact: "dc-side", lock: "lk-side", strike_ms: 3000 },
    { id: "lab", name: "Science lab", groups: INTERIOR, readers: ["rdr-lab"], contact: "dc-lab", lock: "lk-lab" },
    {
      id: "office", name: "Office", groups: ["interior", "office"], readers: ["rdr-office"], contact: "dc-office",
      lock: "lk-office", card_and_pin: true,
    },
    {
      id: "library", name: "Library", groups: INTERIOR, readers: ["rdr-library"], contact: "dc-library", lock: "lk-library",
      unlock_schedule: "class-hours",
    },
    { id: "gym", name: "Gym", groups: INTERIOR, readers: ["rdr-gym-in", "rdr-gym-out"], lock: "lk-gym" },
    { id: "annex", name: "Annex", groups: INTERIOR, readers: ["rdr-annex-in", "rdr-annex-out"] },
  ],
  access_groups: [
    { id: "all-doors", door_groups: ["exterior", "interior"] },
    { id: "students", doors: ["front", "library", "gym", "annex"], schedule: "school-day" },
    { id: "visitors", doors: ["front", "library"] },
    { id: "contractors", doors: ["lab", "side"] },
  ],
  cardholders: [
    { id: "h-staff", name: "Pat", role: "staff", access_groups: ALL, pin: STAFF_PIN, badges: [bits(CARDS.staff)] },
    { id: "h-nopin", name: "Lee", role: "staff", access_groups: ALL, badges: [bits(CARDS.noPin)] },
    { id: "h-admin", name: "Morgan", role: "admin", access_groups: ALL, pin: "9999", badges: [bits(CARDS.admin)] },
    { id: "h-security", name: "Sam", role: "security", access_groups: ALL, badges: [bits(CARDS.security)] },
    { id: "h-responder", name: "Ash", role: "responder", access_groups: ALL, badges: [bits(CARDS.responder)] },
    { id: "h-student", name: "Riley", role: "student", access_groups: ["students"], badges: [{ digits: STUDENT_DIGITS }] },
    {
      id: "h-visitor", name: "Vic", role: "visitor", access_groups: ["visitors"], badges: [bits(CARDS.visitor)],
      valid_from: new Date(VISITOR_FROM).toISOString(), valid_until: new Date(VISITOR_UNTIL).toISOString(),
    },
    { id: "h-contractor", name: "Cy", role: "contractor", access_groups: ["contractors"], badges: [bits(CARDS.contractor)] },
    { id: "h-suspended", name: "Jo", role: "staff", status: "suspended", access_groups: ALL, badges: [bits(CARDS.suspended)] },
    { id: "h-lost", name: "Kit", role: "admin", status: "lost", access_groups: ALL, badges: [bits(CARDS.lost)] },
    { id: "h-extended", name: "Max", role: "staff", extended_unlock: true, access_groups: ALL, badges: [bits(CARDS.extended)] },
    { id: "h-raw", name: "Rae", role: "staff", access_groups: ALL, badges: [{ bits: "10110011" }] },
  ],
  safety: {
    panic_buttons: [
      { device: "panic-office", hold_ms: 500 },
      { device: "panic-gym", presses: 3, within_ms: 2000 },
      { device: "panic-nurse", silent: true },
    ],
    key_switches: [{ device: "ks-office", mode: "secure" }, { device: "ks-main" }],
  },
  schedules: [
    { id: "morning-entry", windows: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "07:30", to: "08:15" }] },
    { id: "school-day", windows: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "07:15", to: "16:00" }] },
    { id: "class-hours", windows: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "08:00", to: "15:00" }] },
  ],
  calendar: { holidays: ["2026-11-26"] },
  areas: [
    { id: "gym", passback: "hard", entry: ["rdr-gym-in"], exit: ["rdr-gym-out"] },
    { id: "annex", passback: "soft", entry: ["rdr-annex-in"], exit: ["rdr-annex-out"] },
  ],
};

/** One input and the instant (epoch ms) it is decided at. */
export type Step = readonly [input: Input, at: number];

/** What feeding a sequence of inputs gave: the last decision, the state before it, every effect in order. */
export interface RunResult {
  readonly before: CoreState;
  readonly last: Decision;
  readonly state: CoreState;
  readonly effects: readonly Effect[];
}

/** A compiled site with its decide function. */
export interface CoreHarness {
  readonly model: SiteModel;
  readonly decide: Decide;
  /** The start state (every door locked and closed), optionally with a restored safety state. */
  start(safety?: SafetyState): CoreState;
  /** Feed the steps in order from `from` (default: the start state). */
  run(steps: readonly Step[], from?: CoreState): RunResult;
}

/** A harness over a compiled config (default: the test school). */
export function harness(config: SiteConfigInput = SCHOOL): CoreHarness {
  const model = compileTestSite(config);
  const decide = createDecider(model);
  return {
    model,
    decide,
    start: (safety) => initialState(model, safety),
    run(steps, from = initialState(model)) {
      let state = from;
      let before = from;
      let last: Decision = { state, effects: [] };
      const effects: Effect[] = [];
      for (const [input, at] of steps) {
        before = state;
        last = decide(state, input, at);
        state = last.state;
        effects.push(...last.effects);
      }
      return { before, last, state, effects };
    },
  };
}

/** The event bodies among effects, in order. */
export function eventsOf(effects: readonly Effect[]): EventBody[] {
  return effects.flatMap((e) => (e.type === "event" ? [e.event] : []));
}

/** Time passes. */
export const tick: Input = { kind: "tick" };
/** A Wiegand-style read of `read` (a bit string) at a reader. */
export const badge = (reader: string, read: string): Input => ({ kind: "badge", reader, read: { kind: "bits", bits: read } });
/** A keyboard-wedge read of digits at a reader. */
export const wedge = (reader: string, digits: string): Input => ({ kind: "badge", reader, read: { kind: "digits", digits } });
/** Digits typed on a reader's keypad. */
export const keypad = (reader: string, digits: string): Input => ({ kind: "keypad", reader, digits });
/** A door contact opened or closed. */
export const contact = (device: string, open: boolean): Input => ({ kind: "contact", device, open });
/** A request-to-exit press. */
export const rex = (device: string): Input => ({ kind: "rex", device });
/** A panic button pressed or released. */
export const panic = (device: string, pressed: boolean): Input => ({ kind: "panic", device, pressed });
/** A fire alarm relay became active or cleared. */
export const fire = (device: string, active: boolean): Input => ({ kind: "fire_alarm", device, active });
/** A key switch turned on or off. */
export const keySwitch = (device: string, on: boolean): Input => ({ kind: "key_switch", device, on });

/** A principal by name (operator, admin, district, panic, key_switch, …), acting as `actor`. */
export function who(name: string, actor: string | null = `${name}-1`): Principal {
  return { name, actor, source: name === "district" ? "district" : "local" };
}

/** Raise a mode. */
export function raise(mode: Mode, by: string, opts: { drill?: boolean; reason?: string } = {}): ModeRequestInput {
  const { drill = false, reason = null } = opts;
  return { kind: "mode_request", action: "raise", mode, drill, by: who(by), reason, location: null };
}

/** Clear the current mode. */
export function clear(by: string, reason: string | null = null): ModeRequestInput {
  return { kind: "mode_request", action: "clear", mode: "normal", drill: false, by: who(by), reason, location: null };
}

type DoorAct = DoorCommandInput["action"];

/** A door command. */
export function command(door: string, action: DoorAct, by: string, until: number | null = null): DoorCommandInput {
  return { kind: "door_command", door, action, until, by: who(by) };
}

/** Expected effect: the site summary may have changed. */
export const SITE_STATE: Effect = { type: "site_state" };
/** Expected effect: a wake-up call at `at`. */
export const wake = (at: number): Effect => ({ type: "wake", at });
/** Expected effect: drive a lock output. */
export const lockFx = (door: string, device: string, locked: boolean): Effect => ({ type: "lock", door, device, locked });
/** Expected effect: publish a door's state. */
export const doorStateFx = (door: string, locked: boolean, open: boolean, alarm: DoorAlarm = "none"): Effect =>
  ({ type: "door_state", door, locked, open, alarm });

/** A door event body (cause for locked/unlocked). */
export function doorEvent(door: string, action: DoorAction, cause?: LockCause): EventBody {
  return cause === undefined ? { type: "door", door, action } : { type: "door", door, action, cause };
}

/** Who an access event names: [holder id, role], or null for an unknown credential. */
export type Who = readonly [id: string, role: string] | null;

/** An access event body; `passback` flags a soft anti-passback violation. */
export function accessEvent(door: string, reader: string, credential: CredentialRead, reason: DenyReason | null, holder: Who,
  passback?: "violation"): EventBody {
  const [id, role] = holder ?? [null, null];
  const result = reason === null ? "granted" : "denied";
  return { type: "access", door, reader, result, reason, credential, holder: id, role, ...(passback ? { passback } : {}) };
}

/** Wrap an event body as an effect. */
export const ev = (event: EventBody): Effect => ({ type: "event", event });
