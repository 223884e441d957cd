import { ALARM_KINDS } from "./events.js";

/**
 * Alarms that people answer (ISA-18.2): what the wire says about an alarm instance. An instance is one
 * kind of condition at one source (`forced_open@east`); the runtime's alarm service moves it through
 * the states below and records each move as an `alarm_state` event.
 */

/** Alarm priorities, highest first. */
export const ALARM_PRIORITIES = ["critical", "high", "medium", "low"] as const;

/** How urgently people must answer an alarm. */
export type AlarmPriority = (typeof ALARM_PRIORITIES)[number];

/**
 * ISA-18.2 alarm states: active-unacknowledged, active-acknowledged, returned-to-normal-unacknowledged
 * and normal (cleared). Shelving is kept beside the state, not as a state, as the standard draws it.
 */
export const ALARM_STATES = ["active_unacked", "active_acked", "returned_unacked", "normal"] as const;

/** Where an alarm instance stands. */
export type AlarmState = (typeof ALARM_STATES)[number];

/**
 * Every kind of condition raised as an alarm: the core's alarm conditions, plus a panic press, a
 * lockdown, a forced or held door, a screening alarm, a device in trouble, and at the front desk a
 * visitor held by the watch list screening (`visitor_held`), a hold an officer escalated
 * (`visitor_escalated`) and a watch list match an officer confirmed (`watchlist_hit`).
 */
export const ANNUNCIATED_KINDS = [
  ...ALARM_KINDS,
  "panic",
  "lockdown",
  "forced_open",
  "held_open",
  "screening",
  "device_trouble",
  "visitor_held",
  "visitor_escalated",
  "watchlist_hit",
] as const;

/** A kind of alarm. */
export type AnnunciatedKind = (typeof ANNUNCIATED_KINDS)[number];

/** Every move of an alarm instance that is recorded. */
export const ALARM_ACTIONS = ["raised", "returned", "acknowledged", "cleared", "shelved", "unshelved", "escalated"] as const;

/** A move of an alarm instance. */
export type AlarmAction = (typeof ALARM_ACTIONS)[number];

/** An alarm instance moved. Acknowledge and shelve moves are the audit of who answered it. */
export interface AlarmStateEvent {
  type: "alarm_state";
  action: AlarmAction;
  /** The instance's name: `<kind>@<source>`. */
  alarm: string;
  /** The instance's unique id (one per raise), for reports. */
  instance: string;
  kind: AnnunciatedKind;
  /** The door, device or `site` the condition is at. */
  source: string;
  location: string | null;
  priority: AlarmPriority;
  /** The state after the move. */
  state: AlarmState;
  /** Whether the condition is present now. */
  active: boolean;
  /** For acknowledge, shelve and unshelve: the MQTT user who did it; null when the gateway did. */
  by: string | null;
  /** For acknowledge: the note given; for shelve: the reason. */
  note: string | null;
  /** While shelved: until when (ISO 8601). */
  shelved_until: string | null;
  /** Activations of the instance, the first included. */
  count: number;
  drill?: boolean;
}
