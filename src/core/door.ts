import type { Effect } from "./effects.js";
import type { DoorModel } from "./model.js";
import type { DoorState } from "./state.js";

/** The result of one door transition: the door's next state and what to do about it. */
export interface DoorStep {
  readonly door: DoorState;
  readonly effects: Effect[];
}

function stateEffect(model: DoorModel, door: DoorState): Effect {
  return { type: "door_state", door: model.id, locked: door.locked, open: door.open, alarm: door.alarm };
}

function lockEffects(model: DoorModel, locked: boolean): Effect[] {
  return model.lock === null ? [] : [{ type: "lock", door: model.id, device: model.lock, locked }];
}

/** A grant: release the lock for the strike time. */
export function releaseMomentarily(model: DoorModel, door: DoorState, now: number): DoorStep {
  const relockAt = now + model.strikeMs;
  const next: DoorState = { ...door, locked: false, relockAt };
  const effects: Effect[] = door.locked ? lockEffects(model, false) : [];
  effects.push({ type: "wake", at: relockAt }, stateEffect(model, next));
  return { door: next, effects };
}

/** A request-to-exit: someone leaves, so an opening in the next strike time is not forced. */
export function requestToExit(model: DoorModel, door: DoorState, now: number): DoorStep {
  const rexUntil = now + model.strikeMs;
  return { door: { ...door, rexUntil }, effects: [{ type: "wake", at: rexUntil }] };
}

/** The contact opened: authorised (unlocked or REX) or forced. */
export function contactOpened(model: DoorModel, door: DoorState, now: number): DoorStep {
  if (door.open) return { door, effects: [] };
  // Judged by `now`, like the REX window: an opening after the strike time is forced even when the
  // relock tick has not been processed yet.
  const released = !door.locked && (door.relockAt === null || now < door.relockAt);
  const authorised = released || (door.rexUntil !== null && now < door.rexUntil);
  if (!authorised) {
    const next: DoorState = { ...door, open: true, alarm: "forced_open" };
    const effects: Effect[] = [{ type: "event", event: { type: "door", door: model.id, action: "forced_open" } }];
    effects.push(stateEffect(model, next));
    return { door: next, effects };
  }
  const heldAt = now + model.heldOpenMs;
  const next: DoorState = { ...door, open: true, heldAt };
  const effects: Effect[] = [{ type: "event", event: { type: "door", door: model.id, action: "opened" } }];
  effects.push({ type: "wake", at: heldAt }, stateEffect(model, next));
  return { door: next, effects };
}

/** The contact closed: alarms clear, and a momentary release ends at once (relock on close). */
export function contactClosed(model: DoorModel, door: DoorState): DoorStep {
  if (!door.open) return { door, effects: [] };
  const relock = door.relockAt !== null;
  const next: DoorState = {
    ...door,
    open: false,
    alarm: "none",
    heldAt: null,
    locked: relock ? true : door.locked,
    relockAt: null,
  };
  const effects: Effect[] = [{ type: "event", event: { type: "door", door: model.id, action: "closed" } }];
  if (relock) effects.push(...lockEffects(model, true));
  effects.push(stateEffect(model, next));
  return { door: next, effects };
}

/** Deadlines that fell due at `now`: relock, end of REX shunt, held-open. */
export function timePassed(model: DoorModel, door: DoorState, now: number): DoorStep {
  let next = door;
  const effects: Effect[] = [];
  if (next.relockAt !== null && next.relockAt <= now) {
    next = { ...next, locked: true, relockAt: null };
    effects.push(...lockEffects(model, true));
  }
  if (next.rexUntil !== null && next.rexUntil <= now) next = { ...next, rexUntil: null };
  if (next.heldAt !== null && next.heldAt <= now) {
    next = { ...next, heldAt: null, alarm: next.open ? "held_open" : next.alarm };
    if (next.open) effects.push({ type: "event", event: { type: "door", door: model.id, action: "held_open" } });
  }
  if (next.locked !== door.locked || next.alarm !== door.alarm) effects.push(stateEffect(model, next));
  return { door: next, effects };
}
