import type { Decision } from "./decide.js";
import type { Effect } from "./effects.js";
import type { AlarmEvent } from "./events.js";
import type { DeviceStatusInput } from "./inputs.js";
import type { SiteModel } from "./model.js";
import type { CoreState } from "./state.js";

/**
 * What a device's trouble means for the site: a hole in panic or fire coverage, or a door nobody can
 * badge at.
 */
interface Watched {
  readonly alarm: "panic_trouble" | "fire_input_trouble" | "reader_offline";
  readonly door: string | null;
  readonly location: string;
}

function watched(model: SiteModel, device: string): Watched | null {
  const panic = model.safety.panics.get(device);
  if (panic !== undefined) return { alarm: "panic_trouble", door: null, location: panic.location };
  if (model.fireInputs.has(device)) return { alarm: "fire_input_trouble", door: null, location: model.deviceLocation.get(device) ?? device };
  const binding = model.deviceDoor.get(device);
  if (binding === undefined || binding.part !== "reader") return null;
  const location = model.deviceLocation.get(device) ?? model.doors.get(binding.door)?.name ?? device;
  return { alarm: "reader_offline", door: binding.door, location };
}

/**
 * Whether a status is an alarm for this device. A panic source or a fire input in any state but
 * online may not report a press or a fire. A reader in trouble (a tamper line) still reads badges:
 * only offline and fault take it away.
 */
function isDown(w: Watched, status: DeviceStatusInput["status"]): boolean {
  return w.alarm === "reader_offline" ? status === "offline" || status === "fault" : status !== "online";
}

/**
 * A device reported its health: always a device event; for a panic source, a fire input or a door reader, an alarm
 * when it stops working and its clearing when it is back, once each (a receiver missing a second
 * transmitter is the same alarm). The site summary follows, as panic or fire coverage may have changed.
 */
export function onDeviceStatus(model: SiteModel, state: CoreState, input: DeviceStatusInput): Decision {
  const { device, status, reason } = input;
  const effects: Effect[] = [{ type: "event", event: { type: "device", device, status, reason } }];
  const w = watched(model, device);
  if (w === null) return { state, effects };
  const was = state.deviceAlarms.includes(device);
  const down = isDown(w, status);
  if (was === down) return { state, effects };
  const alarm: AlarmEvent = { type: "alarm", alarm: w.alarm, active: down, device, door: w.door, location: w.location, until: null, reason };
  effects.push({ type: "event", event: alarm }, { type: "site_state" });
  const deviceAlarms = down ? [...state.deviceAlarms, device] : state.deviceAlarms.filter((d) => d !== device);
  return { state: { ...state, deviceAlarms }, effects };
}
