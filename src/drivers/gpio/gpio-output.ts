import type { DeviceModel } from "../../config/runtime-model.js";
import type { GpioLine } from "./gpio-api.js";
import type { Logger } from "../../util/log.js";
import type { DeviceCounters, DeviceDriver, DriverContext } from "../driver.js";
import { deviceSysfsNumber, levelOf, reportStartFailure, type GpioDeps } from "./gpio-line.js";
import { safeActive } from "../lock-level.js";

export { safeActive } from "../lock-level.js";

/**
 * A relay on a GPIO output (lock, strobe, sounder). The line is exported already at its rest level
 * (the safe level unless `restAt` said otherwise), so it never passes through another level at start;
 * later writes happen only when the level changes. On stop the rest level is written and the line
 * stays exported: unexporting returns the pin to an input, where the relay board's own pull decides,
 * which could release a maglock or pull in a strike. A process that dies leaves the line exported at
 * the level it last wrote.
 * Counters: frames_ok per level written, frames_bad per failed write.
 */
export class GpioOutputDevice implements DeviceDriver {
  readonly counters: DeviceCounters = { framesOk: 0, framesBad: 0, reconnects: 0 };
  private readonly log: Logger;
  private readonly activeLow: boolean;
  private line: GpioLine | null = null;
  private current: boolean;
  private rest: boolean;

  constructor(
    readonly device: DeviceModel,
    private readonly ctx: DriverContext,
    private readonly deps: GpioDeps,
  ) {
    this.log = ctx.log.child({ mod: "devices/gpio-output", device: device.id });
    const s = device.settings;
    this.activeLow = s.transport === "gpio" ? s.activeLow : false;
    this.current = safeActive(device);
    this.rest = this.current;
  }

  /** The state last driven (true: energised). */
  get isActive(): boolean {
    return this.current;
  }

  restAt(active: boolean): void {
    this.rest = active;
  }

  async start(): Promise<void> {
    const level = this.rest;
    try {
      const n = deviceSysfsNumber(this.device, this.deps.sysfsRoot);
      this.line = await this.deps.api.openOutput(n, levelOf(level, this.activeLow));
      this.current = level;
      this.ctx.emit({ kind: "device_status", device: this.device.id, status: "online", reason: null });
    } catch (err) {
      reportStartFailure(this.ctx, this.device, this.log, err);
    }
  }

  setActive(active: boolean): void {
    if (this.line === null) {
      this.log.warn({ active }, "gpio output not available");
      return;
    }
    if (active === this.current) return;
    if (this.write(active)) this.log.debug({ active }, "output set");
  }

  async stop(): Promise<void> {
    if (this.line === null) return;
    this.write(this.rest);
    this.line = null;
  }

  private write(active: boolean): boolean {
    try {
      this.line?.write(levelOf(active, this.activeLow));
      this.current = active;
      this.counters.framesOk++;
      return true;
    } catch (err) {
      this.counters.framesBad++;
      this.log.error({ err, active }, "gpio write failed");
      return false;
    }
  }
}
