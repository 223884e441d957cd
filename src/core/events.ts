import type { AlarmStateEvent } from "./alarm-events.js";
import type { ReportEvent } from "./report-events.js";
import type { VisitorEvent } from "./visitor-events.js";
import type { IncidentEvent } from "./incident-events.js";
import type { MusterEvent } from "./muster-events.js";
import type { DrillEvent } from "./drill-events.js";

/**
 * Domain events: what happened, as the decision core and the runtime report it. The store gives each
 * one an `id`, a per-site `seq` and a `ts` when it appends it; field names are the wire names.
 */

/** Why a badge was refused. One code per rule, so reports can count them. */
export type DenyReason =
  | "unknown_credential"
  | "parity_error"
  | "expired"
  | "not_yet_valid"
  | "suspended"
  | "lost"
  | "outside_schedule"
  | "door_not_in_group"
  | "mode_restricted"
  | "pin_required"
  | "pin_wrong"
  | "reader_locked_out"
  | "passback"
  | "outside_pass"
  | "pass_expired";

/** The credential as read, as it goes into the audit trail. */
export interface CredentialRead {
  /** Badge format recognised from the bit count, or "raw" / "digits". */
  format: string;
  facility: number | null;
  number: number | null;
  /** The raw read: the bit string for Wiegand-style reads, the digits for keyboard-wedge reads. */
  raw: string;
}

/** Every outcome of a badge at a door. */
export const ACCESS_RESULTS = ["granted", "denied"] as const;

/** A badge presented at a door's reader and what was decided. */
export interface AccessEvent {
  type: "access";
  door: string;
  reader: string;
  result: (typeof ACCESS_RESULTS)[number];
  reason: DenyReason | null;
  credential: CredentialRead;
  /** Cardholder id, when the credential is known. */
  holder: string | null;
  role: string | null;
  /** Anti-passback: "violation" when the holder was already on that side (soft areas let them pass). */
  passback?: "violation";
  /** Set on every event while a drill is running. */
  drill?: boolean;
}

/** Everything a door does that is recorded. */
export const DOOR_ACTIONS = ["opened", "closed", "held_open_warning", "held_open", "forced_open", "unlocked", "locked"] as const;

/** What a door did. */
export type DoorAction = (typeof DOOR_ACTIONS)[number];

/**
 * Every reason a lock changes. `grant`: a badge (or PIN) let someone in; `momentary`: a door command
 * released the lock for one strike time (the event names who sent it), so a remote release is
 * never mistaken for a badge grant in the log.
 */
export const LOCK_CAUSES = ["grant", "momentary", "relock", "schedule", "mode", "fire", "command"] as const;

/** Why a lock changed. */
export type LockCause = (typeof LOCK_CAUSES)[number];

export interface DoorEvent {
  type: "door";
  door: string;
  action: DoorAction;
  /** For locked/unlocked: why. */
  cause?: LockCause;
  /** For a `momentary` release: the principal name that sent it and, where known, the user. */
  by?: string;
  actor?: string | null;
  drill?: boolean;
}

/** Both ways a safety mode changes. */
export const MODE_ACTIONS = ["raised", "cleared"] as const;

/** A safety mode was raised or cleared. */
export interface ModeEvent {
  type: "mode";
  action: (typeof MODE_ACTIONS)[number];
  mode: string;
  previous: string;
  drill: boolean;
  /** Raised without local strobes (silent panic). */
  silent: boolean;
  /** Who: a principal name (admin, district, panic…) and, where known, the user or device. */
  by: string;
  actor: string | null;
  location: string | null;
  reason: string | null;
}

/** A panic button triggered. */
export interface PanicEvent {
  type: "panic";
  device: string;
  location: string;
  mode: string;
  silent: boolean;
  drill?: boolean;
}

/**
 * Every alarm condition. panic_trouble: a panic source cannot raise an alarm (cut loop, missed
 * check-in, unplugged); fire_input_trouble: a fire alarm input cannot be read, so a fire there
 * would not release the egress doors; reader_offline: a door reader is gone; storage_corrupt: the audit store was
 * moved aside at start; storage_full: events cannot be written; clock_jump: the wall clock stepped
 * (schedules moved, deadlines did not); clock_unsynced: no time sync; reader_tamper, reader_power:
 * a reader's tamper switch or power supply; reader_security: a reader not talking the way it was
 * paired to (Secure Channel refused or broken, a default key offered); drill_overdue: a drill the
 * state requires was not held by its deadline (the source names the requirement).
 */
export const ALARM_KINDS = [
  "fire",
  "reader_lockout",
  "panic_trouble",
  "fire_input_trouble",
  "reader_offline",
  "storage_corrupt",
  "storage_full",
  "clock_jump",
  "clock_unsynced",
  "reader_tamper",
  "reader_power",
  "reader_security",
  "drill_overdue",
] as const;

/** An alarm condition. */
type AlarmKind = (typeof ALARM_KINDS)[number];

/** An alarm condition began or ended. */
export interface AlarmEvent {
  type: "alarm";
  alarm: AlarmKind;
  active: boolean;
  device: string;
  door: string | null;
  location: string | null;
  /** For a lockout: until when reads are ignored (ISO 8601). */
  until: string | null;
  /** For device alarms: what the device reported (e.g. "circuit open"). */
  reason?: string | null;
  drill?: boolean;
}

/** Both results of a walk-through metal detector: something detected, or a clean passage. */
export const SCREENING_RESULTS = ["alarm", "passage"] as const;

/** A walk-through metal detector result. */
export type ScreeningResult = (typeof SCREENING_RESULTS)[number];

/** A walk-through metal detector result. Screening assists officers; it never locks doors. */
export interface ScreeningEvent {
  type: "screening";
  device: string;
  location: string;
  result: ScreeningResult;
  zones: number[];
  passages: number | null;
  alarms: number | null;
  drill?: boolean;
}

/** Every health status of a device, as its driver sees it. */
export const DEVICE_STATUSES = ["online", "offline", "fault", "trouble"] as const;

/** A device's health. */
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** Device health transitions. */
export interface DeviceEvent {
  type: "device";
  device: string;
  status: DeviceStatus;
  reason: string | null;
  drill?: boolean;
}

/** Where a command comes from: a client of the embedded broker, or the district broker. */
export const COMMAND_SOURCES = ["local", "district"] as const;

/** Both outcomes of a request, as its answer's envelope says. */
export const REQUEST_STATUSES = ["ok", "error"] as const;

/** A request (command) that reached the gateway, and its outcome. Recorded for every district command. */
export interface CommandEvent {
  type: "command";
  /** Where it came from. */
  source: (typeof COMMAND_SOURCES)[number];
  /** Request name (`request/<name>`). */
  name: string;
  /** The request's transaction, null when it had none or could not be read. */
  transaction: string | number | null;
  status: (typeof REQUEST_STATUSES)[number];
  /** Error code of the answer (`invalid_request`, `not_permitted`, …); null when ok. */
  error_code: string | null;
  /** Who sent it: for local commands the MQTT user (null when anonymous), for signed district ones the operator. */
  actor?: string | null;
  /** The trusted key that signed a district command (absent when unsigned or not verified). */
  key_id?: string;
  /**
   * Refusals `not_permitted` of the same user and request held back since the last one recorded:
   * those are recorded once a minute (absent when none were held back).
   */
  suppressed?: number;
}

/** The uplink skipped routine events to keep its backlog within quota (they stay in the audit log). */
export interface UplinkEvent {
  type: "uplink";
  action: "dropped";
  /** Events skipped since the previous report. */
  count: number;
  /** Events skipped since the store was created. */
  total: number;
  /** Highest seq at or below which routine events are no longer forwarded. */
  through_seq: number;
}

/** Both moments of a gateway's run the audit log records. */
export const GATEWAY_ACTIONS = ["started", "stopping"] as const;

/**
 * The gateway started (its doors held, broker and engine up) or is stopping cleanly. A gap in the
 * log between a `stopping` and the next `started`, or a `started` with no `stopping` before it (a
 * crash, a power cut), tells when the school ran without its gateway.
 */
export interface GatewayEvent {
  type: "gateway";
  action: (typeof GATEWAY_ACTIONS)[number];
  version: string;
  /** Hash of the configuration the gateway runs (as `status`). */
  config_hash: string;
}

/** Set (true) on every event recorded while the time source says the clock is unsynchronised. */
export interface ClockMark {
  clock_unsynced?: boolean;
}

/** Every event body the gateway records. */
export type EventBody = (
  | AccessEvent
  | DoorEvent
  | DeviceEvent
  | ModeEvent
  | PanicEvent
  | AlarmEvent
  | ScreeningEvent
  | CommandEvent
  | UplinkEvent
  | GatewayEvent
  | AlarmStateEvent
  | VisitorEvent
  | ReportEvent
  | IncidentEvent
  | MusterEvent
  | DrillEvent
) &
  ClockMark;

/** An event as stored and published: the body plus identity, order and time. */
export type StoredEvent = EventBody & {
  /** Unique id (UUID), so a consumer can drop duplicates. */
  id: string;
  /** Monotonic per site, continues across restarts. */
  seq: number;
  /** ISO 8601 time of the decision that produced it. */
  ts: string;
};
