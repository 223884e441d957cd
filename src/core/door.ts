import type { Effect } from "./effects.js";
import type { DoorAction, LockCause } from "./events.js";
import { desiredLock, doorStateEffect, heldOpenApplies, nextDoorDeadline, reconcileDoor } from "./lock-policy.js";
import type { DoorModel, SiteModel } from "./model.js";
import type { CoreState, DoorOverride, DoorState, Releaser } from "./state.js";

/** What a door transition reads and where it puts its effects. */
export interface DoorContext {
  readonly model: SiteModel;
  readonly state: CoreState;
  readonly now: number;
  readonly effects: Effect[];
}

function event(ctx: DoorContext, door: DoorModel, action: Exclude<DoorAction, "unlocked" | "locked">): void {
  ctx.effects.push({ type: "event", event: { type: "door", door: door.id, action } });
}

function wakeFor(ctx: DoorContext, door: DoorModel, d: DoorState): void {
  const at = nextDoorDeadline(ctx.model, door, d, ctx.state, ctx.now);
  if (at !== null) ctx.effects.push({ type: "wake", at });
}

function settle(ctx: DoorContext, door: DoorModel, d: DoorState, hint: LockCause): DoorState {
  const next = reconcileDoor(ctx.model, door, d, ctx.state, ctx.now, hint, ctx.effects);
  wakeFor(ctx, door, next);
  return next;
}

/** Release the lock for `ms`: a grant, or a momentary unlock command sent by `releaser`. */
export function releaseMomentarily(ctx: DoorContext, door: DoorModel, d: DoorState, ms: number, releaser?: Releaser): DoorState {
  const relockAt = Math.max(d.relockAt ?? 0, ctx.now + ms);
  const rest = unreleased(d);
  return settle(ctx, door, releaser === undefined ? { ...rest, relockAt } : { ...rest, relockAt, releasedBy: releaser }, releaser === undefined ? "grant" : "momentary");
}

/** A door without the author of its last momentary release (a grant has none; an ended release keeps none). */
function unreleased(d: DoorState): DoorState {
  if (d.releasedBy === undefined) return d;
  const { releasedBy: _, ...rest } = d;
  return rest;
}

/** A request-to-exit: someone leaves, so an opening in the next strike time is not forced. */
export function requestToExit(ctx: DoorContext, door: DoorModel, d: DoorState): DoorState {
  const rexUntil = ctx.now + door.strikeMs;
  ctx.effects.push({ type: "wake", at: rexUntil });
  return { ...d, rexUntil };
}

/** The contact opened: authorised (unlocked or REX) or forced. */
export function contactOpened(ctx: DoorContext, door: DoorModel, d: DoorState): DoorState {
  if (d.open) return d;
  // Judged by `now`, like the REX window: an opening after the strike time is forced even when the
  // relock tick has not been processed yet.
  const released = !d.locked && !desiredLock(ctx.model, door, d, ctx.state, ctx.now).locked;
  const authorised = released || (d.rexUntil !== null && ctx.now < d.rexUntil);
  if (!authorised) {
    const next: DoorState = { ...d, open: true, alarm: "forced_open" };
    event(ctx, door, "forced_open");
    ctx.effects.push(doorStateEffect(door, next), { type: "site_state" });
    return next;
  }
  event(ctx, door, "opened");
  let next: DoorState = { ...d, open: true };
  if (heldOpenApplies(ctx.model, door, d, ctx.state, ctx.now)) {
    const heldAt = ctx.now + door.heldOpenMs;
    const warnAt = door.heldOpenWarningMs > 0 ? heldAt - door.heldOpenWarningMs : null;
    next = { ...next, heldAt, warnAt };
  }
  ctx.effects.push(doorStateEffect(door, next), { type: "site_state" });
  wakeFor(ctx, door, next);
  return next;
}

/** The contact closed: alarms clear, and a momentary release ends at once (relock on close). */
export function contactClosed(ctx: DoorContext, door: DoorModel, d: DoorState): DoorState {
  if (!d.open) return d;
  event(ctx, door, "closed");
  const closed: DoorState = { ...unreleased(d), open: false, alarm: "none", heldAt: null, warnAt: null, relockAt: null };
  const next = settle(ctx, door, closed, "relock");
  if (next.locked === closed.locked) ctx.effects.push(doorStateEffect(door, next), { type: "site_state" });
  return next;
}

/** A door command's override: lock or unlock until a time (null: until released); null releases. */
export function setOverride(ctx: DoorContext, door: DoorModel, d: DoorState, override: DoorOverride | null): DoorState {
  return settle(ctx, door, { ...d, override }, "command");
}

function expire(d: DoorState, now: number): DoorState {
  let next = d;
  if (next.relockAt !== null && next.relockAt <= now) next = { ...unreleased(next), relockAt: null };
  if (next.rexUntil !== null && next.rexUntil <= now) next = { ...next, rexUntil: null };
  const until = next.override?.until ?? null;
  if (until !== null && until <= now) next = { ...next, override: null };
  return next;
}

function heldOpen(ctx: DoorContext, door: DoorModel, d: DoorState): DoorState {
  let next = d;
  if (next.warnAt !== null && next.warnAt <= ctx.now) {
    next = { ...next, warnAt: null };
    if (next.open) event(ctx, door, "held_open_warning");
  }
  if (next.heldAt !== null && next.heldAt <= ctx.now) {
    next = { ...next, heldAt: null };
    if (next.open && next.alarm === "none") {
      next = { ...next, alarm: "held_open" };
      event(ctx, door, "held_open");
      ctx.effects.push(doorStateEffect(door, next), { type: "site_state" });
    }
  }
  return next;
}

/** Deadlines that fell due, and the lock brought to the rules (schedules, mode, fire): one door. */
export function doorTick(ctx: DoorContext, door: DoorModel, d: DoorState, hint: LockCause): DoorState {
  const relocking = d.relockAt !== null && d.relockAt <= ctx.now;
  const until = d.override?.until ?? null;
  const overrideEnds = until !== null && until <= ctx.now;
  const next = heldOpen(ctx, door, expire(d, ctx.now));
  return settle(ctx, door, next, relocking ? "relock" : overrideEnds ? "command" : hint);
}
