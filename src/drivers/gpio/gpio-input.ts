import type { DeviceModel } from "../../config/runtime-model.js";
import { Debouncer } from "./debounce.js";
import type { GpioLine } from "./gpio-api.js";
import { createLevelLogic, type LevelLogic } from "./input-logic.js";
import { GatewayError } from "../../util/errors.js";
import type { Logger } from "../../util/log.js";
import type { DeviceCounters, DeviceDriver, DriverContext } from "../driver.js";
import { activeOf, deviceSysfsNumber, reportStartFailure, type GpioDeps } from "./gpio-line.js";

/**
 * A dry contact on a GPIO input: edges are debounced on the injected clock, then turned into the
 * kind's inputs (door contact, request-to-exit, fire alarm relay, key switch, panic, metal detector).
 * Counters: frames_ok per settled change, frames_bad per bounce burst that settled back.
 */
export class GpioInputDevice implements DeviceDriver {
  readonly counters: DeviceCounters = { framesOk: 0, framesBad: 0, reconnects: 0 };
  private readonly log: Logger;
  private line: GpioLine | null = null;
  private debouncer: Debouncer | null = null;
  private logic: LevelLogic | null = null;

  constructor(
    readonly device: DeviceModel,
    private readonly ctx: DriverContext,
    private readonly deps: GpioDeps,
  ) {
    this.log = ctx.log.child({ mod: "devices/gpio-input", device: device.id });
  }

  /** The debounced state (true: asserted); null before start. */
  get active(): boolean | null {
    return this.debouncer?.state ?? null;
  }

  async start(): Promise<void> {
    const settings = this.device.settings;
    if (settings.transport !== "gpio") return;
    const activeLow = settings.activeLow;
    try {
      const logic = createLevelLogic({
        deviceId: this.device.id,
        kind: this.device.kind,
        emit: (i) => this.ctx.emit(i),
        timers: this.deps.timers,
        supervisionMs: settings.supervisionMs,
      });
      if (logic === null) throw new GatewayError("CONFIG_INVALID", `a ${this.device.kind} cannot be a GPIO input`);
      const line = await this.deps.api.openInput(deviceSysfsNumber(this.device, this.deps.sysfsRoot), "both");
      const sample = () => activeOf(line.read(), activeLow);
      const initial = sample();
      this.debouncer = new Debouncer(
        { ms: settings.debounceMs, timers: this.deps.timers, initial, sample },
        {
          change: (active) => {
            this.counters.framesOk++;
            logic.change(active);
          },
          glitch: () => this.counters.framesBad++,
        },
      );
      this.line = line;
      this.logic = logic;
      this.ctx.emit({ kind: "device_status", device: this.device.id, status: "online", reason: null });
      logic.initial(initial);
      line.watch((err) => this.onEdge(err));
      // An edge between the first read and the watch would be lost: look again now that edges count.
      if (sample() !== initial) this.debouncer.edge();
    } catch (err) {
      reportStartFailure(this.ctx, this.device, this.log, err);
    }
  }

  async stop(): Promise<void> {
    this.debouncer?.stop();
    this.logic?.stop();
    const line = this.line;
    this.line = null;
    if (line === null) return;
    try {
      line.unwatchAll();
      line.unexport();
    } catch (err) {
      this.log.error({ err }, "gpio input release failed");
    }
  }

  private onEdge(err: Error | null | undefined): void {
    if (err) {
      this.counters.framesBad++;
      this.log.error({ err }, "gpio edge error");
      return;
    }
    this.debouncer?.edge();
  }
}
