// A lockdown drill's time to secure, folded from the recorded door events after the raise, across restarts.
import type { StoredEvent } from "../core/events.js";

export interface DoorAtRaise {
  door: string;
  /** False for a door without a contact: only its lock can be checked ("lock only"). */
  hasContact: boolean;
  locked: boolean;
  closed: boolean;
}

/** One recorded change of a door: its event's `action` at its `ts`, epoch ms. */
export interface DoorChange {
  door: string;
  action: string;
  at: number;
}

/**
 * Where a lockdown drill's doors stand since its raise: small enough to keep in the store after each
 * change, so a restart of the gateway carries on from it.
 */
export interface SecureProgress {
  raisedAt: number;
  /** The doors in scope as they stand now (as they stood at the raise, then changed). */
  doors: DoorAtRaise[];
  /** Since when every door has been secured; null while one is not. */
  securedAt: number | null;
  /**
   * True when `securedAt` is a restart of the gateway that found every door secured: they were
   * secured while it was not running, at a moment nobody recorded, no later than that restart.
   */
  unseen: boolean;
}

export interface SecureResult {
  /** ms from the raise until every door was locked and (where it has one) its contact closed; null if never or not seen. */
  secureMs: number | null;
  /** Doors not secured by the end of the events given, with what was missing. */
  unsecured: { door: string; missing: ("lock" | "contact")[] }[];
  /** Doors judged by their lock alone. */
  lockOnly: string[];
  /** Secured while the gateway was not running: the most it can have taken, up to the restart that found them secured. */
  secureAtMostMs?: number;
  /** That restart, epoch ms. */
  restartedAt?: number;
}

function isSecure(d: DoorAtRaise): boolean {
  return d.locked && (!d.hasContact || d.closed);
}

const allSecure = (p: SecureProgress): boolean => p.doors.every(isSecure);

const DOOR_CHANGES: Record<string, Partial<DoorAtRaise>> = {
  locked: { locked: true },
  unlocked: { locked: false },
  closed: { closed: true },
  opened: { closed: false },
  forced_open: { closed: false },
};

/** The progress at the raise: secured at once when every door already was. */
export function progressAt(raisedAt: number, doors: readonly DoorAtRaise[]): SecureProgress {
  const progress: SecureProgress = { raisedAt, doors: doors.map((d) => ({ ...d })), securedAt: null, unseen: false };
  if (allSecure(progress)) progress.securedAt = raisedAt;
  return progress;
}

/** Apply one door change; false (nothing changed) for a door out of scope, a change before the raise or an action that is neither lock nor contact. */
export function applyChange(p: SecureProgress, change: DoorChange): boolean {
  const door = p.doors.find((d) => d.door === change.door);
  const effect = DOOR_CHANGES[change.action];
  if (door === undefined || effect === undefined || change.at < p.raisedAt) return false;
  Object.assign(door, effect);
  if (!allSecure(p)) {
    p.securedAt = null;
    p.unseen = false;
  } else if (p.securedAt === null) {
    p.securedAt = change.at;
  }
  return true;
}

/**
 * The gateway started again at `at`: the doors are as the core starts them, locked (the outputs hold
 * the lockdown's locks) and closed until a contact input says otherwise, which it records as a change.
 * Doors not secured before the stop and found secured now were secured while the gateway was down.
 */
export function applyRestart(p: SecureProgress, at: number): void {
  for (const door of p.doors) Object.assign(door, { locked: true, closed: true });
  if (p.securedAt === null) {
    p.securedAt = at;
    p.unseen = true;
  }
}

/** The time to secure the progress proves, and the doors not secured. */
export function secureResult(p: SecureProgress): SecureResult {
  const unsecured = p.doors
    .filter((d) => !isSecure(d))
    .map((d) => ({
      door: d.door,
      missing: [...(d.locked ? [] : ["lock" as const]), ...(d.hasContact && !d.closed ? ["contact" as const] : [])],
    }));
  const lockOnly = p.doors.filter((d) => !d.hasContact).map((d) => d.door);
  if (p.securedAt !== null && p.unseen) {
    return { secureMs: null, unsecured, lockOnly, secureAtMostMs: p.securedAt - p.raisedAt, restartedAt: p.securedAt };
  }
  return { secureMs: p.securedAt === null ? null : p.securedAt - p.raisedAt, unsecured, lockOnly };
}

/** A door event as a change of its door; undefined for any other event. */
export function doorChange(event: StoredEvent): DoorChange | undefined {
  return event.type === "door" ? { door: event.door, action: event.action, at: Date.parse(event.ts) } : undefined;
}

/** The time to secure from the doors at the raise and the events recorded since. */
export function timeToSecure(raisedAt: number, doors: readonly DoorAtRaise[], events: readonly StoredEvent[]): SecureResult {
  const progress = progressAt(raisedAt, doors);
  for (const event of events) {
    const change = doorChange(event);
    if (change !== undefined) applyChange(progress, change);
  }
  return secureResult(progress);
}
