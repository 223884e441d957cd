import type { DoorAlarm } from "./effects.js";
import type { ClockState } from "./wall-time.js";
import type { CredentialRead } from "./events.js";
import type { Mode, SiteModel } from "./model.js";

/** Who sent a door command: the principal name rights are granted to, and the user where known. */
export interface Releaser {
  readonly by: string;
  readonly actor: string | null;
}

/** A door command that overrides normal behaviour until `until` (null: until released). */
export interface DoorOverride {
  readonly lock: "locked" | "unlocked";
  readonly until: number | null;
}

/** The live state of one door. Deadlines are steady time (see clock.ts), null when not running. */
export interface DoorState {
  /** Whether the lock is commanded locked. */
  readonly locked: boolean;
  /** Whether the contact reports the door open (false when it has no contact). */
  readonly open: boolean;
  readonly alarm: DoorAlarm;
  /** When a momentary release (a grant, or a `momentary` command) ends. */
  readonly relockAt: number | null;
  /** Who released the door by a `momentary` command while `relockAt` runs; absent for a grant. */
  readonly releasedBy?: Releaser;
  /** Until when a request-to-exit shunts the forced-open alarm. */
  readonly rexUntil: number | null;
  /** When an authorised opening raises its held-open warning, then held-open. */
  readonly warnAt: number | null;
  readonly heldAt: number | null;
  readonly override: DoorOverride | null;
}

/** The site's safety mode, written through to disk before it acts, restored on restart. */
export interface SafetyState {
  readonly mode: Mode;
  readonly drill: boolean;
  /** Raised silently: no local strobes. */
  readonly silent: boolean;
  /** Epoch ms of the last change. */
  readonly since: number;
  /** Principal name that raised it (for the audit trail and snapshots). */
  readonly by: string | null;
}

/** Reader lockout bookkeeping. */
export interface ReaderState {
  /** Consecutive invalid reads. */
  readonly failures: number;
  /** Reads are ignored until then (epoch ms), or null. */
  readonly lockedUntil: number | null;
  /** Lockouts in a row, which lengthen the next one. */
  readonly lockouts: number;
}

/** A badge accepted at a card+PIN door, waiting for its PIN. */
export interface PendingPin {
  readonly slot: number;
  readonly door: string;
  readonly until: number;
  readonly credential: CredentialRead;
}

/** A panic button's recent history. */
export interface PanicState {
  readonly pressedAt: number | null;
  /** Recent press times, for N-presses triggers. */
  readonly presses: readonly number[];
}

/** A visitor's pass: a card of the desk's pool or a printed pass's code, good for a few doors until it expires. */
export interface VisitorPass {
  /** The visit it was issued for, recorded as the holder of its reads. */
  readonly visitor: string;
  readonly doors: readonly string[];
  /** Wall time (epoch ms) from which it opens nothing. */
  readonly expiresAt: number;
}

/** Everything the core remembers between inputs. Replaced, never mutated. */
export interface CoreState {
  /**
   * Door states by door index (DoorModel.index). An array, not a record keyed by id: a grant
   * copies it, and copying 64 slots of an array is a small fraction of copying a 64-key object.
   */
  readonly doors: readonly DoorState[];
  readonly safety: SafetyState;
  /** Fire alarm inputs currently active. */
  readonly fire: readonly string[];
  readonly readers: Readonly<Record<string, ReaderState>>;
  readonly pins: Readonly<Record<string, PendingPin>>;
  readonly panics: Readonly<Record<string, PanicState>>;
  /** Key switches currently on. */
  readonly keySwitches: readonly string[];
  /** Anti-passback: the area each holder is inside (holder id → area id). */
  readonly inside: Readonly<Record<string, string>>;
  /** Panic sources and door readers whose trouble or offline alarm is active. */
  readonly deviceAlarms: readonly string[];
  /** The wall clock's offset and sync status; absent until the runtime reports either. */
  readonly clock?: ClockState;
  /** Visitor passes out, by the credential key of their card or code (see visitor-passes.ts); absent: none. */
  readonly passes?: Readonly<Record<string, VisitorPass>>;
}

/** A closed, locked, quiet door. */
export const SECURE_DOOR: DoorState = {
  locked: true,
  open: false,
  alarm: "none",
  relockAt: null,
  rexUntil: null,
  warnAt: null,
  heldAt: null,
  override: null,
};

/** Normal mode, as a gateway that never had another one starts. */
export const NORMAL_SAFETY: SafetyState = { mode: "normal", drill: false, silent: false, since: 0, by: null };

/**
 * State at start: every door locked and closed until its inputs say otherwise, and the safety mode
 * and the fire alarm inputs last known active restored from disk (a lockdown survives a reboot; a
 * fire alarm holds egress doors released until its input is read inactive). The first tick brings
 * locks to their policy.
 */
export function initialState(model: SiteModel, safety: SafetyState = NORMAL_SAFETY, fire: readonly string[] = []): CoreState {
  const doors = Array.from({ length: model.doors.size }, () => SECURE_DOOR);
  return { doors, safety, fire, readers: {}, pins: {}, panics: {}, keySwitches: [], inside: {}, deviceAlarms: [] };
}

/** A door's state by id (for the runtime, snapshots and tests; the core goes by index). */
export function doorById(model: SiteModel, state: CoreState, id: string): DoorState | undefined {
  const door = model.doors.get(id);
  return door === undefined ? undefined : state.doors[door.index];
}

/** The state with one door replaced (the same state when nothing changed). */
export function withDoor(state: CoreState, index: number, door: DoorState): CoreState {
  if (state.doors[index] === door) return state;
  const doors = state.doors.slice();
  doors[index] = door;
  return { ...state, doors };
}
