import type { FailMode } from "../catalog/schema.js";
import type { DeviceModel } from "../config/runtime-model.js";

/**
 * Whether a lock's relay is energised to reach a lock state. A fail-safe lock (maglock) holds only
 * while powered, so locked = energised; a fail-secure strike holds unpowered, so unlocked = energised.
 * The same rule gives each lock's safe level at start.
 */
export function lockEnergised(failMode: FailMode, locked: boolean): boolean {
  return failMode === "safe" ? locked : !locked;
}

/**
 * The state an output is driven to before anything else and again on stop: a lock locked (energised
 * for a fail-safe maglock, released for a fail-secure strike), a strobe or sounder off.
 */
export function safeActive(device: DeviceModel): boolean {
  return device.kind === "lock" ? deviceEnergised(device, true) : false;
}

/** Whether a lock device's relay is energised to reach a lock state (a lock without a fail mode: fail-secure). */
export function deviceEnergised(device: DeviceModel, locked: boolean): boolean {
  return lockEnergised(device.failMode ?? "secure", locked);
}
