import type { DeviceModel, RuntimeModel } from "../config/runtime-model.js";
import { dirname } from "node:path";
import type { DeviceDriver, DriverContext } from "./driver.js";
import type { Hardware } from "./hardware.js";
import type { OsdpPorts } from "./osdp-port.js";

/**
 * A driver for `device`, by transport, on the hardware handed in. Each transport's code (and its
 * native module: serialport, node-hid, onoff) is loaded only when a device uses it, so a site's start
 * does not wait for hardware support it has none of.
 */
async function createDriver(device: DeviceModel, ctx: DriverContext, hardware: Hardware, osdp: () => Promise<OsdpPorts>): Promise<DeviceDriver> {
  const timers = hardware.clock.timers;
  switch (device.model.transport.type) {
    case "sim": {
      const { SimDevice } = await import("./sim-device.js");
      return new SimDevice(device, ctx);
    }
    case "gpio": {
      const { createGpioDevice } = await import("./gpio-device.js");
      return createGpioDevice(device, ctx, { ...hardware.gpio, timers });
    }
    case "hid": {
      if (device.kind === "id_scanner") {
        const { IdScannerDevice } = await import("./id-scanner-device.js");
        return new IdScannerDevice(device, ctx, { api: hardware.hid, timers });
      }
      const { createHidDevice } = await import("./hid-device.js");
      return createHidDevice(device, ctx, { api: hardware.hid, timers });
    }
    case "serial": {
      const [{ SerialDevice }, { bindingTuning }] = await Promise.all([
        import("./serial-device.js"),
        import("../drivers/serial/ports.js"),
      ]);
      return new SerialDevice(device, ctx, { ...bindingTuning(hardware.serial), timers });
    }
    case "osdp": {
      const [{ OsdpDevice }, ports] = await Promise.all([import("./osdp-device.js"), osdp()]);
      const s = device.settings;
      return new OsdpDevice(device, ctx, ports.of(s.transport === "osdp" ? (s.port ?? "") : ""));
    }
  }
}

async function osdpPorts(model: RuntimeModel, ctx: DriverContext, hardware: Hardware): Promise<OsdpPorts> {
  const [{ OsdpPorts, serialLink }, { bindingTuning }] = await Promise.all([import("./osdp-port.js"), import("../drivers/serial/ports.js")]);
  const { timers, monotonic } = hardware.clock;
  const openLink = serialLink({ ...bindingTuning(hardware.serial), timers });
  const steady = { now: monotonic, setTimeout: (fn: () => void, ms: number) => timers.setTimeout(fn, ms), clearTimeout: (h: unknown) => timers.clearTimeout(h) };
  return new OsdpPorts({ openLink, timers: steady, dataDir: dirname(model.storagePath), log: ctx.log });
}

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
  const ports = (): Promise<OsdpPorts> => (osdp ??= osdpPorts(model, ctx, hardware));
  for (const device of model.devices.values()) if (which(device)) drivers.set(device.id, await createDriver(device, ctx, hardware, ports));
  return drivers;
}

/** Whether any device is simulated (which opens the sim topics on the broker). */
export function hasSimDevices(model: RuntimeModel): boolean {
  return [...model.devices.values()].some((d) => d.model.transport.type === "sim");
}
