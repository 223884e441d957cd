import type { DeviceModel } from "../../config/runtime-model.js";
import type { DeviceStatusInput, Input } from "../../core/inputs.js";
import type { HidApi } from "./hid-api.js";
import { HidConnection, type HidMatch } from "./hid-connection.js";
import { maskCredential, type Logger } from "../../util/log.js";
import type { TimerApi } from "../../time/timers.js";
import type { DeviceCounters, DeviceDriver, DriverContext } from "../driver.js";
import { createHidDecoder, type HidDecoder } from "./hid-decoder.js";

/** What HID drivers run on: the device access and the gateway's clock. */
export interface HidDeps {
  readonly api: HidApi;
  readonly timers: TimerApi;
}

/** The device to look for, by its resolved ids (the site's over the model's: generic models leave them out). */
export function hidMatchOf(device: DeviceModel): HidMatch | string {
  const s = device.settings;
  if (s.transport !== "hid") return `model ${device.model.model} is not a HID model`;
  const { vendorId, productId } = s;
  if (vendorId === null || productId === null) {
    return `model ${device.model.model} names no USB ids: set hid.vendor_id and hid.product_id on the device`;
  }
  return { vendorId, productId, serialNumber: s.serialNumber, interface: s.interface };
}

/** A short description of an input for logs: badge digits are masked (student records). */
function logFields(input: Input): Record<string, unknown> {
  if (input.kind === "badge" && input.read.kind === "digits") return { kind: input.kind, digits: maskCredential(input.read.digits) };
  return { ...input };
}

/**
 * A USB HID device: a keyboard-wedge badge reader or a panic button (hotkey or vendor report). The
 * connection finds it by USB ids, survives unplugs, and counts reconnects; reports are decoded by the
 * model's decoder. Counters: frames_ok per good report, frames_bad per malformed report or bad read.
 */
export class HidDevice implements DeviceDriver {
  readonly counters: DeviceCounters = { framesOk: 0, framesBad: 0, reconnects: 0 };
  private readonly log: Logger;
  private connection: HidConnection | null = null;
  private decoder: HidDecoder | null = null;

  constructor(
    readonly device: DeviceModel,
    private readonly ctx: DriverContext,
    private readonly deps: HidDeps,
  ) {
    this.log = ctx.log.child({ mod: "devices/hid", device: device.id });
  }

  /** Whether the device is open now. */
  get connected(): boolean {
    return this.connection?.connected ?? false;
  }

  async start(): Promise<void> {
    const decoder = createHidDecoder(this.device);
    const match = hidMatchOf(this.device);
    if (typeof decoder === "string" || typeof match === "string") {
      const reason = typeof decoder === "string" ? decoder : (match as string);
      this.log.error({ reason }, "hid device cannot start");
      this.status("fault", reason);
      return;
    }
    this.decoder = decoder;
    this.connection = new HidConnection(
      { api: this.deps.api, timers: this.deps.timers, log: this.log, match },
      {
        report: (data) => this.onReport(data),
        status: (status, reason) => {
          if (status !== "online") decoder.reset();
          this.status(status, reason);
        },
        reconnected: () => this.counters.reconnects++,
      },
    );
    await this.connection.start();
  }

  async stop(): Promise<void> {
    await this.connection?.stop();
    this.connection = null;
  }

  private onReport(data: Buffer): void {
    const result = this.decoder?.decode(data, this.deps.timers.now());
    if (result === undefined) return;
    if (result.verdict === "ok") this.counters.framesOk++;
    if (result.verdict === "bad") {
      this.counters.framesBad++;
      this.log.warn({ length: data.length }, "hid report rejected");
    }
    for (const input of result.inputs) {
      this.log.debug(logFields(input), "hid input");
      this.ctx.emit(input);
    }
  }

  private status(status: DeviceStatusInput["status"], reason: string | null): void {
    this.ctx.emit({ kind: "device_status", device: this.device.id, status, reason });
  }
}

/** A HID driver for a device. */
export function createHidDevice(device: DeviceModel, ctx: DriverContext, deps: HidDeps): HidDevice {
  return new HidDevice(device, ctx, deps);
}
