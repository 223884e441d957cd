// A lockdown drill's time to secure, from the recorded door events after the raise.
import type { StoredEvent } from "../core/events.js";

export interface DoorAtRaise {
  door: string;
  /** False for a door without a contact: only its lock can be checked ("lock only"). */
  hasContact: boolean;
  locked: boolean;
  closed: boolean;
}

export interface SecureResult {
  /** ms from the raise until every door was locked and (where it has one) its contact closed; null if never. */
  secureMs: number | null;
  /** Doors not secured by the end of the events given, with what was missing. */
  unsecured: { door: string; missing: ("lock" | "contact")[] }[];
  /** Doors judged by their lock alone. */
  lockOnly: string[];
}

function isSecure(d: DoorAtRaise): boolean {
  return d.locked && (!d.hasContact || d.closed);
}

const DOOR_CHANGES: Record<string, Partial<DoorAtRaise>> = {
  locked: { locked: true },
  unlocked: { locked: false },
  closed: { closed: true },
  opened: { closed: false },
  forced_open: { closed: false },
};

export function timeToSecure(raisedAt: number, doors: readonly DoorAtRaise[], events: readonly StoredEvent[]): SecureResult {
  const state = new Map(doors.map((d) => [d.door, { ...d }]));
  const allSecure = () => [...state.values()].every(isSecure);
  let securedAt: number | null = allSecure() ? raisedAt : null;
  for (const event of events) {
    if (event.type !== "door") continue;
    const door = state.get(event.door);
    const change = DOOR_CHANGES[event.action];
    const at = Date.parse(event.ts);
    if (!door || !change || at < raisedAt) continue;
    Object.assign(door, change);
    if (allSecure()) securedAt ??= at;
    else securedAt = null;
  }
  const unsecured = [...state.values()]
    .filter((d) => !isSecure(d))
    .map((d) => ({
      door: d.door,
      missing: [...(d.locked ? [] : ["lock" as const]), ...(d.hasContact && !d.closed ? ["contact" as const] : [])],
    }));
  return {
    secureMs: securedAt === null ? null : securedAt - raisedAt,
    unsecured,
    lockOnly: doors.filter((d) => !d.hasContact).map((d) => d.door),
  };
}
