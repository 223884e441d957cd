import { OUTPUT_KINDS } from "../../catalog/schema.js";
import type { DeviceModel } from "../../config/runtime-model.js";
import type { DeviceDriver, DriverContext } from "../driver.js";
import { GpioInputDevice } from "./gpio-input.js";
import type { GpioDeps } from "./gpio-line.js";
import { GpioOutputDevice } from "./gpio-output.js";

/** A GPIO driver for a device: outputs drive a relay, every other kind reads a contact. */
export function createGpioDevice(device: DeviceModel, ctx: DriverContext, deps: GpioDeps): DeviceDriver {
  return OUTPUT_KINDS.has(device.kind) ? new GpioOutputDevice(device, ctx, deps) : new GpioInputDevice(device, ctx, deps);
}
