import type { DoorAlarm } from "./effects.js";
import type { SiteModel } from "./model.js";

/** The live state of one door. Deadlines are epoch ms, null when not running. */
export interface DoorState {
  /** Whether the lock is commanded locked. */
  readonly locked: boolean;
  /** Whether the contact reports the door open (false when it has no contact). */
  readonly open: boolean;
  readonly alarm: DoorAlarm;
  /** When a momentary release (grant) ends and the lock re-engages. */
  readonly relockAt: number | null;
  /** Until when a request-to-exit shunts the forced-open alarm. */
  readonly rexUntil: number | null;
  /** When an authorised opening becomes held-open. */
  readonly heldAt: number | null;
}

/** Everything the core remembers between inputs. Replaced, never mutated. */
export interface CoreState {
  readonly doors: Readonly<Record<string, DoorState>>;
}

/** A closed, locked, quiet door. */
export const SECURE_DOOR: DoorState = {
  locked: true,
  open: false,
  alarm: "none",
  relockAt: null,
  rexUntil: null,
  heldAt: null,
};

/** State at start: every door locked and closed until its inputs say otherwise. */
export function initialState(model: SiteModel): CoreState {
  const doors: Record<string, DoorState> = {};
  for (const id of model.doors.keys()) doors[id] = SECURE_DOOR;
  return { doors };
}
