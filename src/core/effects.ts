import type { EventBody } from "./events.js";

/** What the decision core asks the runtime to do, in order. */

/** Record and publish an event. */
export interface EventEffect {
  readonly type: "event";
  readonly event: EventBody;
}

/** Drive a lock output. */
export interface LockEffect {
  readonly type: "lock";
  readonly door: string;
  readonly device: string;
  readonly locked: boolean;
}

/** Publish a door's state (retained). */
export interface DoorStateEffect {
  readonly type: "door_state";
  readonly door: string;
  readonly locked: boolean;
  readonly open: boolean;
  readonly alarm: DoorAlarm;
}

/** Call back with a tick no earlier than `at` (epoch ms). */
export interface WakeEffect {
  readonly type: "wake";
  readonly at: number;
}

/** A door's alarm condition. */
export type DoorAlarm = "none" | "held_open" | "forced_open";

export type Effect = EventEffect | LockEffect | DoorStateEffect | WakeEffect;
