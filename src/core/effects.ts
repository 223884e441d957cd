import type { EventBody } from "./events.js";
import type { SafetyState } from "./state.js";

/** What the decision core asks the runtime to do, in order. */

/** Record and publish an event. */
export interface EventEffect {
  readonly type: "event";
  readonly event: EventBody;
}

/** Write the safety state through to durable storage before anything else of this decision is done. */
export interface PersistSafetyEffect {
  readonly type: "persist_safety";
  readonly safety: SafetyState;
}

/** Drive a lock output. */
export interface LockEffect {
  readonly type: "lock";
  readonly door: string;
  readonly device: string;
  readonly locked: boolean;
}

/** Drive a signalling output (strobe, sounder). */
export interface SignalEffect {
  readonly type: "signal";
  readonly device: string;
  readonly active: boolean;
}

/** Publish a door's state (retained). */
export interface DoorStateEffect {
  readonly type: "door_state";
  readonly door: string;
  readonly locked: boolean;
  readonly open: boolean;
  readonly alarm: DoorAlarm;
}

/** The site summary may have changed (mode, fire, a door's lock or position): publish it. */
export interface SiteStateEffect {
  readonly type: "site_state";
}

/** Call back with a tick no earlier than `at` (epoch ms). */
export interface WakeEffect {
  readonly type: "wake";
  readonly at: number;
}

/** A request was refused: the runtime answers the requester with this code. Nothing changed. */
export interface RefusedEffect {
  readonly type: "refused";
  readonly code: "not_permitted" | "lower_priority" | "unknown_door" | "mode_locked" | "not_active";
  readonly message: string;
}

/** What a reader is asked to show that no event records: the holder should now type the PIN. */
export const READER_CUES = ["present_pin"] as const;

/** Prompt at a reader for `ms` (a pattern it shows until then, or until a decision replaces it). */
export interface CueEffect {
  readonly type: "cue";
  readonly reader: string;
  readonly cue: (typeof READER_CUES)[number];
  readonly ms: number;
}

/** Every alarm condition of a door, none included. */
export const DOOR_ALARMS = ["none", "held_open", "forced_open"] as const;

/** A door's alarm condition. */
export type DoorAlarm = (typeof DOOR_ALARMS)[number];

export type Effect =
  | EventEffect
  | PersistSafetyEffect
  | LockEffect
  | SignalEffect
  | DoorStateEffect
  | SiteStateEffect
  | WakeEffect
  | CueEffect
  | RefusedEffect;
