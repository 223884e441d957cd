import type { DeviceModel, RuntimeModel } from "../config/runtime-model.js";
import type { DeviceDriver, DriverContext } from "./driver.js";
import type { GpioDeps } from "./gpio-line.js";

/**
 * A driver for `device`, by transport; GPIO on `gpio` when given (tests), else the real lines. Each
 * transport's code (and its native module: serialport, node-hid, onoff) is loaded only when a device
 * uses it, so a site's start does not wait for hardware support it has none of.
 */
async function createDriver(device: DeviceModel, ctx: DriverContext, gpio?: GpioDeps): Promise<DeviceDriver> {
  switch (device.model.transport.type) {
    case "sim": {
      const { SimDevice } = await import("./sim-device.js");
      return new SimDevice(device, ctx);
    }
    case "gpio": {
      const { createGpioDevice } = await import("./gpio-device.js");
      return createGpioDevice(device, ctx, gpio);
    }
    case "hid": {
      const { createHidDevice } = await import("./hid-device.js");
      return createHidDevice(device, ctx);
    }
    case "serial": {
      const { SerialDevice } = await import("./serial-device.js");
      return new SerialDevice(device, ctx);
    }
  }
}

/** A driver for every configured device that `which` selects (default: all), in configuration order. */
export async function createDrivers(
  model: RuntimeModel,
  ctx: DriverContext,
  gpio?: GpioDeps,
  which: (device: DeviceModel) => boolean = () => true,
): Promise<Map<string, DeviceDriver>> {
  const drivers = new Map<string, DeviceDriver>();
  for (const device of model.devices.values()) if (which(device)) drivers.set(device.id, await createDriver(device, ctx, gpio));
  return drivers;
}

/** Whether any device is simulated (which opens the sim topics on the broker). */
export function hasSimDevices(model: RuntimeModel): boolean {
  return [...model.devices.values()].some((d) => d.model.transport.type === "sim");
}
