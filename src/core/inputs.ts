/** What the decision core is told. Drivers and the runtime turn bytes, edges, timers and requests into these. */
import type { DeviceStatus, ScreeningResult } from "./events.js";
import type { Mode } from "./model.js";
import type { VisitorPass } from "./state.js";

/** A credential presented at a reader: Wiegand-style bits, or digits from a keyboard-wedge reader. */
export type CardRead = { readonly kind: "bits"; readonly bits: string } | { readonly kind: "digits"; readonly digits: string };

/** A badge read at a reader. */
export interface BadgeInput {
  readonly kind: "badge";
  readonly reader: string;
  readonly read: CardRead;
}

/** A door contact changed. */
export interface ContactInput {
  readonly kind: "contact";
  readonly device: string;
  readonly open: boolean;
}

/** A request-to-exit button was pressed. */
export interface RexInput {
  readonly kind: "rex";
  readonly device: string;
}

/** A device's health changed, as its driver saw it. */
export interface DeviceStatusInput {
  readonly kind: "device_status";
  readonly device: string;
  readonly status: DeviceStatus;
  readonly reason: string | null;
}

/** Conditions a reader reports about itself: its tamper switch, its power, the security of its link. */
export const READER_ALARMS = ["tamper", "power", "security"] as const;

/** A reader's condition began (active) or ended; drivers send changes only. */
export interface ReaderAlarmInput {
  readonly kind: "reader_alarm";
  readonly reader: string;
  readonly alarm: (typeof READER_ALARMS)[number];
  readonly active: boolean;
  /** What the reader or its link reported (e.g. "tamper", "sc_downgrade"); never cardholder data. */
  readonly reason: string | null;
}

/** A panic button changed: pressed (true) or released (false). Triggers are decided by the core. */
export interface PanicInput {
  readonly kind: "panic";
  readonly device: string;
  readonly pressed: boolean;
}

/** The fire alarm panel's relay changed. */
export interface FireAlarmInput {
  readonly kind: "fire_alarm";
  readonly device: string;
  readonly active: boolean;
}

/** A key switch turned on or off. */
export interface KeySwitchInput {
  readonly kind: "key_switch";
  readonly device: string;
  readonly on: boolean;
}

/** A walk-through metal detector reported a passage or an alarm. */
export interface ScreeningInput {
  readonly kind: "screening";
  readonly device: string;
  /** alarm: something was detected (zones 1-based, empty when unknown); passage: someone walked through clean. */
  readonly result: ScreeningResult;
  readonly zones: readonly number[];
  /** Counters as the detector reports them, when it does. */
  readonly counts?: { readonly passages?: number; readonly alarms?: number };
}

/** Digits typed on a reader's keypad (a PIN after a badge on a card+PIN door). */
export interface KeypadInput {
  readonly kind: "keypad";
  readonly reader: string;
  readonly digits: string;
}

/** Who asks for a change, as the core's authorization sees it. */
export interface Principal {
  /** The name rights are granted to: a local user's role (operator, admin), "district", or a device kind. */
  readonly name: string;
  /** The user, district identity or device that acted, for the audit trail. */
  readonly actor: string | null;
  readonly source: "local" | "district" | "device";
}

/** Both things a mode request asks. */
export const MODE_REQUEST_ACTIONS = ["raise", "clear"] as const;

/** Raise or clear a safety mode (request/mode). */
export interface ModeRequestInput {
  readonly kind: "mode_request";
  readonly action: (typeof MODE_REQUEST_ACTIONS)[number];
  /** The mode to raise (ignored for clear). */
  readonly mode: Mode;
  readonly drill: boolean;
  readonly by: Principal;
  readonly reason: string | null;
  readonly location: string | null;
}

/**
 * Every door command. momentary: one strike time; unlock: until `until` or released; lock: locked
 * until released; release: back to normal behaviour.
 */
export const DOOR_COMMAND_ACTIONS = ["momentary", "unlock", "lock", "release"] as const;

/** Command a door (request/door). */
export interface DoorCommandInput {
  readonly kind: "door_command";
  readonly door: string;
  readonly action: (typeof DOOR_COMMAND_ACTIONS)[number];
  /** Epoch ms for unlock/lock overrides, null for indefinitely. */
  readonly until: number | null;
  readonly by: Principal;
}

/** Time has passed: deadlines at or before `now` fall due. */
export interface TickInput {
  readonly kind: "tick";
}

/**
 * The runtime saw the wall clock step away from steady time: `offsetMs` is wall minus steady time
 * now, `stepMs` how far it moved since the last report (for the record; the offset is what counts).
 */
export interface ClockJumpInput {
  readonly kind: "clock_jump";
  readonly offsetMs: number;
  readonly stepMs: number;
}

/** The time source said whether the wall clock is synchronised (sent on a change only). */
export interface ClockSyncInput {
  readonly kind: "clock_sync";
  readonly synced: boolean;
}

/**
 * The front desk issued a visitor pass (held under `key`, the credential key of its card or code,
 * replacing any pass under the same key) or withdrew one.
 */
export type VisitorPassInput =
  | { readonly kind: "visitor_pass"; readonly action: "issue"; readonly key: string; readonly pass: VisitorPass }
  | { readonly kind: "visitor_pass"; readonly action: "revoke"; readonly key: string };

/** Every input of the core. */
export type Input =
  | BadgeInput
  | ContactInput
  | RexInput
  | DeviceStatusInput
  | ReaderAlarmInput
  | PanicInput
  | FireAlarmInput
  | KeySwitchInput
  | ScreeningInput
  | KeypadInput
  | ModeRequestInput
  | DoorCommandInput
  | TickInput
  | ClockJumpInput
  | ClockSyncInput
  | VisitorPassInput;
