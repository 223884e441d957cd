import type { RuntimeModel } from "../config/runtime-model.js";
import { desiredLock } from "../core/lock-policy.js";
import type { DoorModel } from "../core/model.js";
import { SECURE_DOOR, type CoreState } from "../core/state.js";
import type { DeviceDriver } from "../drivers/driver.js";
import { deviceEnergised } from "../drivers/lock-level.js";

/** When a rest level is asked for: exporting the line at start, or leaving it on stop. */
export type RestMoment = "start" | "stop";

function doorOfLock(model: RuntimeModel, device: string): DoorModel | undefined {
  const door = model.core.deviceDoor.get(device)?.door;
  return door === undefined ? undefined : model.core.doors.get(door);
}

/**
 * Whether a lock stands locked while no decision drives it. At start, before any input is read, it is
 * what the restored state asks of its door (stored mode, stored fire alarm, schedule): an egress door
 * with a stored active fire alarm is released. On stop (an upgrade) every lock is locked, except an
 * egress door during a fire alarm, which stays released: nothing may lock it while the fire lasts.
 */
export function lockedAtRest(model: RuntimeModel, state: CoreState, device: string, now: number, at: RestMoment): boolean {
  const door = doorOfLock(model, device);
  if (door === undefined) return true;
  if (at === "stop") return !(door.egress && state.fire.length > 0);
  return desiredLock(model.core, door, SECURE_DOOR, state, now).locked;
}

/** How many locks were told to rest locked, and how many released. */
export interface LockRestCount {
  readonly locked: number;
  readonly released: number;
}

/** Tell every lock driver the level to rest at (see lockedAtRest). */
export function setLockRest(model: RuntimeModel, state: CoreState, drivers: Iterable<DeviceDriver>, now: number, at: RestMoment): LockRestCount {
  let locked = 0;
  let released = 0;
  for (const driver of drivers) {
    if (driver.device.kind !== "lock" || driver.restAt === undefined) continue;
    const rest = lockedAtRest(model, state, driver.device.id, now, at);
    driver.restAt(deviceEnergised(driver.device, rest));
    if (rest) locked++;
    else released++;
  }
  return { locked, released };
}
