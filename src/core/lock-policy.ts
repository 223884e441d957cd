import type { Effect } from "./effects.js";
import type { DoorEvent, LockCause } from "./events.js";
import type { DoorModel, DoorPolicy, Mode, SiteModel } from "./model.js";
import type { CoreState, DoorState } from "./state.js";
import { steadyTime, wallTime } from "./wall-time.js";

/** Normal behaviour: locked unless something unlocks it, every role may badge. */
export const NORMAL_POLICY: DoorPolicy = { lock: "normal", allowRoles: null };

/** A mode's policy for a door. */
export function policyFor(model: SiteModel, mode: Mode, door: string): DoorPolicy {
  return model.safety.modes.get(mode)?.doors.get(door) ?? NORMAL_POLICY;
}

/** Whether an override is in force at `now`. */
function overrideActive(d: DoorState, now: number): boolean {
  return d.override !== null && (d.override.until === null || now < d.override.until);
}

/**
 * Whether a door should be locked now, and the rule that says so. Order is the life-safety order:
 * a fire alarm releases egress doors above everything; a momentary release (grant) comes next, so
 * a responder badged in during lockdown still gets through; then the mode, a command, the schedule.
 * Locking controls entry only: egress hardware stays free whatever this says.
 */
export function desiredLock(
  model: SiteModel,
  door: DoorModel,
  d: DoorState,
  state: CoreState,
  now: number,
): { locked: boolean; rule: LockCause | null } {
  if (door.egress && state.fire.length > 0) return { locked: false, rule: "fire" };
  if (d.relockAt !== null && now < d.relockAt) return { locked: false, rule: d.releasedBy === undefined ? "grant" : "momentary" };
  const policy = policyFor(model, state.safety.mode, door.id);
  if (policy.lock === "locked") return { locked: true, rule: "mode" };
  if (policy.lock === "unlocked") return { locked: false, rule: "mode" };
  if (overrideActive(d, now)) return { locked: d.override?.lock === "locked", rule: "command" };
  if (door.unlockSchedule !== null && model.schedules.isActive(door.unlockSchedule, wallTime(state, now))) {
    return { locked: false, rule: "schedule" };
  }
  return { locked: true, rule: null };
}

/** Whether the door stands unlocked by policy (not by a momentary release): no held-open then. */
export function heldOpenApplies(model: SiteModel, door: DoorModel, d: DoorState, state: CoreState, now: number): boolean {
  return desiredLock(model, door, { ...d, relockAt: null }, state, now).locked;
}

/** The retained state of a door, as an effect. */
export function doorStateEffect(door: DoorModel, d: DoorState): Effect {
  return { type: "door_state", door: door.id, locked: d.locked, open: d.open, alarm: d.alarm };
}

/**
 * Bring a door's lock to what the rules want. On a change: drive the lock, record locked/unlocked
 * with its cause (the rule, or `hint` when plain default locking wins), publish the door and site.
 */
export function reconcileDoor(
  model: SiteModel,
  door: DoorModel,
  d: DoorState,
  state: CoreState,
  now: number,
  hint: LockCause,
  effects: Effect[],
): DoorState {
  const want = desiredLock(model, door, d, state, now);
  if (want.locked === d.locked) return d;
  const next: DoorState = { ...d, locked: want.locked };
  if (door.lock !== null) effects.push({ type: "lock", door: door.id, device: door.lock, locked: want.locked });
  const event: DoorEvent = { type: "door", door: door.id, action: want.locked ? "locked" : "unlocked", cause: want.rule ?? hint };
  if (event.cause === "momentary" && d.releasedBy !== undefined) {
    event.by = d.releasedBy.by;
    event.actor = d.releasedBy.actor;
  }
  effects.push({ type: "event", event });
  effects.push(doorStateEffect(door, next), { type: "site_state" });
  return next;
}

/** When (steady time) this door's rules next change on their own (schedule boundary, override end), or null. */
export function nextDoorDeadline(model: SiteModel, door: DoorModel, d: DoorState, state: CoreState, now: number): number | null {
  let next = Infinity;
  for (const t of [d.relockAt, d.rexUntil, d.warnAt, d.heldAt, d.override?.until ?? null]) {
    if (t !== null && t > now && t < next) next = t;
  }
  if (door.unlockSchedule !== null) {
    const wall = wallTime(state, now);
    const change = model.schedules.nextChange(door.unlockSchedule, wall);
    const t = change === null ? null : steadyTime(state, change);
    if (t !== null && t > now && t < next) next = t;
  }
  return next === Infinity ? null : next;
}
