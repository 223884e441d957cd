import { dirname } from "node:path";
import type { DeviceModel, RuntimeModel } from "../config/runtime-model.js";
import type { ReaderFeedbackParams } from "../config/schema-reader-feedback.js";
import type { DeviceDriver, DriverContext } from "./driver.js";
import type { Hardware } from "./hardware.js";
import { driverFactory, type SharedDrivers } from "./registry.js";
import type { OsdpPorts } from "./osdp/osdp-port.js";

/** A driver for every configured device that `which` selects (default: all), in configuration order. */
export async function createDrivers(
  model: RuntimeModel,
  ctx: DriverContext,
  hardware: Hardware,
  which: (device: DeviceModel) => boolean = () => true,
): Promise<Map<string, DeviceDriver>> {
  const drivers = new Map<string, DeviceDriver>();
  // One bus per serial port, shared by the readers on it: made with the first OSDP reader.
  let osdp: Promise<OsdpPorts> | null = null;
  const shared: SharedDrivers = { osdpPorts: () => (osdp ??= osdpPorts(model, ctx, hardware)) };
  for (const device of model.devices.values()) {
    if (!which(device)) continue;
    const driver = await driverFactory(device)(device, ctx, hardware, shared);
    // OSDP readers drive their own LED and beeper; lines are for serial and USB readers.
    const lines = device.model.transport.type === "osdp" ? undefined : device.feedbackLines;
    drivers.set(device.id, lines === undefined ? driver : await withLamp(driver, lines, ctx, hardware));
  }
  return drivers;
}

/** A reader with its LED and beeper on GPIO lines: its driver inside a lamp that drives them. */
async function withLamp(driver: DeviceDriver, lines: ReaderFeedbackParams, ctx: DriverContext, hardware: Hardware): Promise<DeviceDriver> {
  const { ReaderLamp } = await import("./gpio/reader-lamp.js");
  const log = ctx.log.child({ mod: "devices/reader-lamp", device: driver.device.id });
  return new ReaderLamp(driver, lines, { ...hardware.gpio, timers: hardware.clock.timers }, log);
}

async function osdpPorts(model: RuntimeModel, ctx: DriverContext, hardware: Hardware): Promise<OsdpPorts> {
  const [{ OsdpPorts, serialLink }, { bindingTuning }] = await Promise.all([import("./osdp/osdp-port.js"), import("./serial/ports.js")]);
  const { timers, monotonic } = hardware.clock;
  const openLink = serialLink({ ...bindingTuning(hardware.serial), timers });
  const steady = { now: monotonic, setTimeout: (fn: () => void, ms: number) => timers.setTimeout(fn, ms), clearTimeout: (h: unknown) => timers.clearTimeout(h) };
  return new OsdpPorts({ openLink, timers: steady, dataDir: dirname(model.storagePath), log: ctx.log });
}

/** Whether any device is simulated (which opens the sim topics on the broker). */
export function hasSimDevices(model: RuntimeModel): boolean {
  return [...model.devices.values()].some((d) => d.model.transport.type === "sim");
}
