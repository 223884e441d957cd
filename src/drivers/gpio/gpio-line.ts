import type { DeviceModel } from "../../config/runtime-model.js";
import { findMainGpioChip, sysfsNumber } from "./chip-base.js";
import type { GpioApi, Level } from "./gpio-api.js";
import { GatewayError } from "../../util/errors.js";
import type { Logger } from "../../util/log.js";
import type { TimerApi } from "../../time/timers.js";
import type { DriverContext } from "../driver.js";

/** The GPIO hardware: the line access and the sysfs root to find the chip in. */
export interface GpioAccess {
  readonly api: GpioApi;
  /** `/sys/class/gpio` on a Pi; a temp dir in tests. */
  readonly sysfsRoot: string;
}

/** What GPIO drivers run on: the GPIO hardware and the gateway's clock. */
export interface GpioDeps extends GpioAccess {
  readonly timers: TimerApi;
}

/** The sysfs number of a device's configured BCM line, on the Pi's main GPIO chip. */
export function deviceSysfsNumber(device: DeviceModel, sysfsRoot: string): number {
  const s = device.settings;
  if (s.transport !== "gpio" || s.line === null) {
    throw new GatewayError("CONFIG_INVALID", `device ${device.id} is a GPIO device without gpio settings`);
  }
  return sysfsNumber(findMainGpioChip(sysfsRoot), s.line);
}

/** The physical level of a logical state under the model's polarity. */
export function levelOf(active: boolean, activeLow: boolean): Level {
  return active !== activeLow ? 1 : 0;
}

/** The logical state of a physical level under the model's polarity. */
export function activeOf(level: Level, activeLow: boolean): boolean {
  return (level === 1) !== activeLow;
}

/** Log a device that could not start and tell the core it is at fault. */
export function reportStartFailure(ctx: DriverContext, device: DeviceModel, log: Logger, err: unknown): void {
  log.error({ err }, "gpio device failed to start");
  const reason = err instanceof Error ? err.message : String(err);
  ctx.emit({ kind: "device_status", device: device.id, status: "fault", reason });
}
