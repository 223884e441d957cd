import type { DeviceModel, RuntimeModel } from "../config/runtime-model.js";
import type { DeviceDriver, DriverContext } from "./driver.js";
import type { Hardware } from "./hardware.js";

/**
 * A driver for `device`, by transport, on the hardware handed in. Each transport's code (and its
 * native module: serialport, node-hid, onoff) is loaded only when a device uses it, so a site's start
 * does not wait for hardware support it has none of.
 */
async function createDriver(device: DeviceModel, ctx: DriverContext, hardware: Hardware): Promise<DeviceDriver> {
  const timers = hardware.clock.timers;
  switch (device.model.transport.type) {
    case "sim": {
      const { SimDevice } = await import("./sim/sim-device.js");
      return new SimDevice(device, ctx);
    }
    case "gpio": {
      const { createGpioDevice } = await import("./gpio/gpio-device.js");
      return createGpioDevice(device, ctx, { ...hardware.gpio, timers });
    }
    case "hid": {
      const { createHidDevice } = await import("./hid/hid-device.js");
      return createHidDevice(device, ctx, { api: hardware.hid, timers });
    }
    case "serial": {
      const [{ SerialDevice }, { bindingTuning }] = await Promise.all([
        import("./serial/serial-device.js"),
        import("./serial/ports.js"),
      ]);
      return new SerialDevice(device, ctx, { ...bindingTuning(hardware.serial), timers });
    }
  }
}

/** A driver for every configured device that `which` selects (default: all), in configuration order. */
export async function createDrivers(
  model: RuntimeModel,
  ctx: DriverContext,
  hardware: Hardware,
  which: (device: DeviceModel) => boolean = () => true,
): Promise<Map<string, DeviceDriver>> {
  const drivers = new Map<string, DeviceDriver>();
  for (const device of model.devices.values()) if (which(device)) drivers.set(device.id, await createDriver(device, ctx, hardware));
  return drivers;
}

/** Whether any device is simulated (which opens the sim topics on the broker). */
export function hasSimDevices(model: RuntimeModel): boolean {
  return [...model.devices.values()].some((d) => d.model.transport.type === "sim");
}
