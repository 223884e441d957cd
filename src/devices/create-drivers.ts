import type { RuntimeModel } from "../config/runtime-model.js";
import type { DeviceDriver, DriverContext } from "./driver.js";
import { createGpioDevice } from "./gpio-device.js";
import type { GpioDeps } from "./gpio-line.js";
import { createHidDevice } from "./hid-device.js";
import { SerialDevice } from "./serial-device.js";
import { SimDevice } from "./sim-device.js";

/** A driver for every configured device, by transport; GPIO on `gpio` when given (tests), else the real lines. */
export function createDrivers(model: RuntimeModel, ctx: DriverContext, gpio?: GpioDeps): Map<string, DeviceDriver> {
  const drivers = new Map<string, DeviceDriver>();
  for (const device of model.devices.values()) {
    switch (device.model.transport.type) {
      case "sim":
        drivers.set(device.id, new SimDevice(device, ctx));
        break;
      case "gpio":
        drivers.set(device.id, createGpioDevice(device, ctx, gpio));
        break;
      case "hid":
        drivers.set(device.id, createHidDevice(device, ctx));
        break;
      case "serial":
        drivers.set(device.id, new SerialDevice(device, ctx));
        break;
    }
  }
  return drivers;
}

/** Whether any device is simulated (which opens the sim topics on the broker). */
export function hasSimDevices(model: RuntimeModel): boolean {
  return [...model.devices.values()].some((d) => d.model.transport.type === "sim");
}
