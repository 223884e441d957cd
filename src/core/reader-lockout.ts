import type { Effect } from "./effects.js";
import type { DenyReason } from "./events.js";
import type { SiteModel } from "./model.js";
import type { ReaderState } from "./state.js";

const FRESH: ReaderState = { failures: 0, lockedUntil: null, lockouts: 0 };

/** Reads that count towards a lockout: someone trying cards or PINs, not a valid card refused. */
const INVALID: ReadonlySet<DenyReason> = new Set(["unknown_credential", "parity_error", "pin_wrong"]);

/** The reader's state, fresh when it has none. */
export function readerState(readers: Readonly<Record<string, ReaderState>>, reader: string): ReaderState {
  return readers[reader] ?? FRESH;
}

/** Whether the reader ignores reads now. */
export function isLockedOut(r: ReaderState, now: number): boolean {
  return r.lockedUntil !== null && now < r.lockedUntil;
}

/**
 * Count a refusal. At the threshold the reader is blocked for a cooling period that doubles with each
 * lockout in a row (capped), and an alarm is raised.
 */
export function countRefusal(
  model: SiteModel,
  r: ReaderState,
  reason: DenyReason,
  where: { reader: string; door: string; offsetMs: number },
  now: number,
  effects: Effect[],
): ReaderState {
  if (!INVALID.has(reason)) return r;
  const failures = r.failures + 1;
  if (failures < model.lockout.threshold) return { ...r, failures };
  const lockouts = r.lockouts + 1;
  const block = Math.min(model.lockout.blockMs * 2 ** (lockouts - 1), model.lockout.maxBlockMs);
  const lockedUntil = now + block;
  effects.push(
    {
      type: "event",
      event: {
        type: "alarm",
        alarm: "reader_lockout",
        active: true,
        device: where.reader,
        door: where.door,
        location: model.deviceLocation.get(where.reader) ?? null,
        // The record says when in wall time; the deadline itself is steady (wall-time.ts).
        until: new Date(lockedUntil + where.offsetMs).toISOString(),
      },
    },
    { type: "wake", at: lockedUntil },
  );
  return { failures: 0, lockedUntil, lockouts };
}

/** A grant at the reader: the count starts over. */
export function resetReader(r: ReaderState): ReaderState {
  return r.failures === 0 && r.lockouts === 0 ? r : { ...r, failures: 0, lockouts: 0 };
}

/** A lockout that ran out: reads are taken again, and the alarm ends. */
export function endLockout(model: SiteModel, reader: string, r: ReaderState, now: number, effects: Effect[]): ReaderState {
  if (r.lockedUntil === null || now < r.lockedUntil) return r;
  effects.push({
    type: "event",
    event: {
      type: "alarm",
      alarm: "reader_lockout",
      active: false,
      device: reader,
      door: model.deviceDoor.get(reader)?.door ?? null,
      location: model.deviceLocation.get(reader) ?? null,
      until: null,
    },
  });
  return { ...r, lockedUntil: null };
}
