import { holderRefusal, identify } from "./access.js";
import { NOT_FOUND } from "./credential-index/credential-index.js";
import { releaseMomentarily } from "./door.js";
import type { Effect } from "./effects.js";
import type { CredentialRead, DenyReason } from "./events.js";
import type { BadgeInput, KeypadInput } from "./inputs.js";
import type { DoorModel, SiteModel } from "./model.js";
import { checkPassback, movePassback } from "./passback.js";
import { countRefusal, isLockedOut, readerState, resetReader } from "./reader-lockout.js";
import { withDoor, type CoreState, type VisitorPass } from "./state.js";
import { passOf, passRefusal, VISITOR_ROLE } from "./visitor-passes.js";
import { wallOffset } from "./wall-time.js";

/** The outcome of a badge or keypad input. */
export interface BadgeStep {
  readonly state: CoreState;
  readonly effects: Effect[];
}

interface Attempt {
  readonly reader: string;
  readonly door: DoorModel;
  readonly credential: CredentialRead;
  readonly slot: number;
  /** The visitor pass presented, instead of a holder's badge. */
  readonly pass?: VisitorPass;
}

/** Who a read is recorded as: the visit for a pass, the holder for a known badge, else nobody. */
function whose(model: SiteModel, a: Attempt): { holder: string | null; role: string | null } {
  if (a.pass !== undefined) return { holder: a.pass.visitor, role: VISITOR_ROLE };
  if (a.slot === NOT_FOUND) return { holder: null, role: null };
  return { holder: model.credentials.holderId(a.slot), role: model.credentials.role(a.slot) };
}

function accessEvent(model: SiteModel, a: Attempt, reason: DenyReason | null, passback: boolean): Effect {
  return {
    type: "event",
    event: {
      type: "access",
      door: a.door.id,
      reader: a.reader,
      result: reason === null ? "granted" : "denied",
      reason,
      credential: a.credential,
      ...whose(model, a),
      ...(passback ? { passback: "violation" as const } : {}),
    },
  };
}

/** Refuse, count the refusal towards a lockout, and record it. */
export function deny(model: SiteModel, state: CoreState, a: Attempt, reason: DenyReason, now: number): BadgeStep {
  const effects: Effect[] = [accessEvent(model, a, reason, false)];
  const before = readerState(state.readers, a.reader);
  const after = countRefusal(model, before, reason, { reader: a.reader, door: a.door.id, offsetMs: wallOffset(state) }, now, effects);
  const next = after === before ? state : { ...state, readers: { ...state.readers, [a.reader]: after } };
  return { state: next, effects };
}

/**
 * Grant: record, move the holder for anti-passback, release the lock for the holder's strike time (a
 * visitor pass: the door's strike time, and no anti-passback, which follows holders only).
 */
function grant(model: SiteModel, state: CoreState, a: Attempt, softPassback: boolean, now: number): BadgeStep {
  const effects: Effect[] = [accessEvent(model, a, null, softPassback)];
  const holder = a.pass === undefined ? model.credentials.holderId(a.slot) : null;
  const reader = resetReader(readerState(state.readers, a.reader));
  let next: CoreState = {
    ...state,
    inside: holder === null ? state.inside : movePassback(model, state.inside, holder, a.reader),
    readers: reader === state.readers[a.reader] ? state.readers : { ...state.readers, [a.reader]: reader },
  };
  const ms = holder !== null && model.credentials.extendedUnlock(a.slot) ? a.door.extendedStrikeMs : a.door.strikeMs;
  const d = next.doors[a.door.index];
  if (d !== undefined) next = withDoor(next, a.door.index, releaseMomentarily({ model, state: next, now, effects }, a.door, d, ms));
  return { state: next, effects };
}

/** Everything after the holder passed the rules: anti-passback, then PIN or grant. */
function afterRules(model: SiteModel, state: CoreState, a: Attempt, now: number): BadgeStep {
  const holder = model.credentials.holderId(a.slot);
  const passback = checkPassback(model, state.inside, holder, a.reader);
  if (passback === "hard") return deny(model, state, a, "passback", now);
  if (!a.door.cardAndPin) return grant(model, state, a, passback === "soft", now);
  if (model.credentials.pin(a.slot) === null) return deny(model, state, a, "pin_required", now);
  const until = now + model.pinTimeoutMs;
  const pending = { slot: a.slot, door: a.door.id, until, credential: a.credential };
  const effects: Effect[] = [{ type: "cue", reader: a.reader, cue: "present_pin", ms: model.pinTimeoutMs }, { type: "wake", at: until }];
  return { state: { ...state, pins: { ...state.pins, [a.reader]: pending } }, effects };
}

/** A visitor pass at a door: its own rules; a pass has no PIN, so a card+PIN door refuses it. */
function onPass(model: SiteModel, state: CoreState, a: Attempt, pass: VisitorPass, now: number): BadgeStep {
  const refusal = passRefusal(model, state, pass, a.door.id, now);
  if (refusal !== null) return deny(model, state, a, refusal, now);
  return a.door.cardAndPin ? deny(model, state, a, "pin_required", now) : grant(model, state, a, false, now);
}

/** A badge at a door's reader. */
export function onBadge(model: SiteModel, state: CoreState, input: BadgeInput, door: DoorModel, now: number): BadgeStep {
  const id = identify(model, input.read);
  const a: Attempt = { reader: input.reader, door, credential: id.credential, slot: id.slot };
  if (isLockedOut(readerState(state.readers, input.reader), now)) {
    return { state, effects: [accessEvent(model, a, "reader_locked_out", false)] };
  }
  if (!id.parityOk) return deny(model, state, a, "parity_error", now);
  const pass = passOf(state, id.credential);
  if (pass !== undefined) return onPass(model, state, { ...a, pass }, pass, now);
  if (id.slot === NOT_FOUND) return deny(model, state, a, "unknown_credential", now);
  const refusal = holderRefusal(model, state, id.slot, door.id, now);
  if (refusal !== null) return deny(model, state, a, refusal, now);
  return afterRules(model, state, a, now);
}

/** A PIN typed after a badge on a card+PIN door. Digits with nothing pending are ignored. */
export function onKeypad(model: SiteModel, state: CoreState, input: KeypadInput, door: DoorModel, now: number): BadgeStep {
  const pending = state.pins[input.reader];
  if (pending === undefined || now >= pending.until) return { state, effects: [] };
  const { [input.reader]: _done, ...pins } = state.pins;
  const cleared: CoreState = { ...state, pins };
  const a: Attempt = { reader: input.reader, door, credential: pending.credential, slot: pending.slot };
  if (model.credentials.pin(pending.slot) !== input.digits) return deny(model, cleared, a, "pin_wrong", now);
  // The rules are checked again: a mode raised (or a schedule ended) while the PIN was typed applies.
  const refusal = holderRefusal(model, cleared, pending.slot, door.id, now);
  if (refusal !== null) return deny(model, cleared, a, refusal, now);
  const passback = checkPassback(model, state.inside, model.credentials.holderId(a.slot), a.reader);
  if (passback === "hard") return deny(model, cleared, a, "passback", now);
  return grant(model, cleared, a, passback === "soft", now);
}

/** PINs that were never typed: the badge is refused with pin_required. */
export function expirePins(model: SiteModel, state: CoreState, now: number, effects: Effect[]): CoreState {
  let next = state;
  for (const [reader, p] of Object.entries(state.pins)) {
    if (now < p.until) continue;
    const { [reader]: _gone, ...pins } = next.pins;
    next = { ...next, pins };
    const door = model.doors.get(p.door);
    if (door === undefined) continue;
    effects.push(accessEvent(model, { reader, door, credential: p.credential, slot: p.slot }, "pin_required", false));
  }
  return next;
}
