import type { DeviceModel, RuntimeModel } from "../config/runtime-model.js";
import type { DeviceDriver, DriverContext } from "./driver.js";
import type { Hardware } from "./hardware.js";
import { driverFactory } from "./registry.js";

/** A driver for every configured device that `which` selects (default: all), in configuration order. */
export async function createDrivers(
  model: RuntimeModel,
  ctx: DriverContext,
  hardware: Hardware,
  which: (device: DeviceModel) => boolean = () => true,
): Promise<Map<string, DeviceDriver>> {
  const drivers = new Map<string, DeviceDriver>();
  for (const device of model.devices.values()) if (which(device)) drivers.set(device.id, await driverFactory(device)(device, ctx, hardware));
  return drivers;
}

/** Whether any device is simulated (which opens the sim topics on the broker). */
export function hasSimDevices(model: RuntimeModel): boolean {
  return [...model.devices.values()].some((d) => d.model.transport.type === "sim");
}
