import type { Transport } from "../catalog/schema.js";
import type { DeviceModel } from "../config/runtime-model.js";
import type { DeviceDriver, DriverContext } from "./driver.js";
import type { Hardware } from "./hardware.js";
import type { OsdpPorts } from "./osdp/osdp-port.js";

/** What the devices of one site share, made on first use: one OSDP bus per serial port, for the readers on it. */
export interface SharedDrivers {
  readonly osdpPorts: () => Promise<OsdpPorts>;
}

/** Makes the driver of one device on the hardware handed in. */
export type DriverFactory = (device: DeviceModel, ctx: DriverContext, hardware: Hardware, shared: SharedDrivers) => Promise<DeviceDriver>;

/**
 * Every transport's driver factory, one line each. A factory loads its transport's code (and native
 * module: serialport, node-hid, onoff) only when a device uses it, so a site's start does not wait for
 * hardware support it has none of. The keys are the catalog's transport types: a transport the
 * catalog accepts but that has no line here does not compile.
 */
const FACTORIES: { readonly [T in Transport["type"]]: DriverFactory } = {
  sim: async (device, ctx) => new (await import("./sim/sim-device.js")).SimDevice(device, ctx),
  gpio: async (device, ctx, hw) => (await import("./gpio/gpio-device.js")).createGpioDevice(device, ctx, { ...hw.gpio, timers: hw.clock.timers }),
  hid: async (device, ctx, hw) => {
    const deps = { api: hw.hid, timers: hw.clock.timers };
    // A front-desk ID scanner reads whole barcodes for the desk, not inputs for the engine.
    if (device.kind === "id_scanner") return new (await import("./hid/id-scanner-device.js")).IdScannerDevice(device, ctx, deps);
    return (await import("./hid/hid-device.js")).createHidDevice(device, ctx, deps);
  },
  serial: async (device, ctx, hw) => {
    const [{ SerialDevice }, { bindingTuning }] = await Promise.all([import("./serial/serial-device.js"), import("./serial/ports.js")]);
    return new SerialDevice(device, ctx, { ...bindingTuning(hw.serial), timers: hw.clock.timers });
  },
  osdp: async (device, ctx, _hw, shared) => {
    const [{ OsdpDevice }, ports] = await Promise.all([import("./osdp/osdp-device.js"), shared.osdpPorts()]);
    const s = device.settings;
    return new OsdpDevice(device, ctx, ports.of(s.transport === "osdp" ? (s.port ?? "") : ""));
  },
};

/** The factory of a device's transport. */
export function driverFactory(device: DeviceModel): DriverFactory {
  return FACTORIES[device.model.transport.type];
}
