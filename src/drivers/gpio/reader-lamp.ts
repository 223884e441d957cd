import type { ReaderFeedbackParams } from "../../config/schema-reader-feedback.js";
import { findMainGpioChip, sysfsNumber } from "./chip-base.js";
import type { GpioLine } from "./gpio-api.js";
import type { Logger } from "../../util/log.js";
import type { DeviceCounters, DeviceDriver } from "../driver.js";
import { levelOf, type GpioDeps } from "./gpio-line.js";
import type { ReaderSignal } from "../reader-signal.js";

/** The lines a lamp drives: green, red, beeper. */
type Part = "led_green" | "led_red" | "buzzer";
const PARTS: readonly Part[] = ["led_green", "led_red", "buzzer"];
/** A grant or denial shows for a second; a beep is 100 ms, two beeps 100 ms apart. */
const SHOW_MS = 1000;
const BEEP_MS = 100;

/** What each signal lights, for how long (null: until the next signal), and how many beeps. */
function pattern(s: ReaderSignal): { on: Part[]; ms: number | null; beeps: number } {
  switch (s.kind) {
    case "grant":
      return { on: ["led_green"], ms: SHOW_MS, beeps: 1 };
    case "deny":
      return { on: ["led_red"], ms: SHOW_MS, beeps: 2 };
    case "present_pin":
      return { on: ["led_green", "led_red"], ms: s.ms, beeps: 1 };
    case "lockout":
      return { on: ["led_red"], ms: s.ms, beeps: 0 };
    case "lockdown":
      return { on: ["led_red"], ms: null, beeps: 0 };
    case "rest":
      return { on: [], ms: null, beeps: 0 };
  }
}

/**
 * A serial or USB reader whose LED and beeper inputs are wired to GPIO lines of the Pi (site config
 * `feedback` on the reader): the reader's own driver reads badges, this lamp shows each signal on
 * the lines, all off at start and stop. A lamp that cannot open its lines logs it; reads go on.
 */
export class ReaderLamp implements DeviceDriver {
  private lines = new Map<Part, GpioLine>();
  private timers: unknown[] = [];

  constructor(
    private readonly inner: DeviceDriver,
    private readonly params: ReaderFeedbackParams,
    private readonly deps: GpioDeps,
    private readonly log: Logger,
  ) {}

  get device(): DeviceDriver["device"] {
    return this.inner.device;
  }

  get counters(): DeviceCounters {
    return this.inner.counters;
  }

  async start(): Promise<void> {
    try {
      const chip = findMainGpioChip(this.deps.sysfsRoot);
      for (const part of PARTS) {
        const line = this.params[part];
        if (line !== undefined) this.lines.set(part, await this.deps.api.openOutput(sysfsNumber(chip, line), levelOf(false, this.params.active_low)));
      }
    } catch (err) {
      this.log.error({ err }, "reader feedback lines could not be opened");
    }
    await this.inner.start();
  }

  async stop(): Promise<void> {
    this.show([]);
    this.lines.clear();
    await this.inner.stop();
  }

  signal(s: ReaderSignal): void {
    this.inner.signal?.(s);
    const p = pattern(s);
    this.show(p.on);
    if (p.ms !== null) this.later(p.ms, () => this.show([]));
    for (let i = 0; i < p.beeps; i++) {
      if (i === 0) this.set("buzzer", true);
      else this.later(i * 2 * BEEP_MS, () => this.set("buzzer", true));
      this.later((i * 2 + 1) * BEEP_MS, () => this.set("buzzer", false));
    }
  }

  details(): ReturnType<NonNullable<DeviceDriver["details"]>> {
    return this.inner.details?.() ?? {};
  }

  /** Light exactly `on` (the beeper off), cancelling what an earlier signal still had pending. */
  private show(on: readonly Part[]): void {
    for (const t of this.timers) this.deps.timers.clearTimeout(t);
    this.timers = [];
    for (const part of PARTS) this.set(part, on.includes(part));
  }

  private later(ms: number, fn: () => void): void {
    this.timers.push(this.deps.timers.setTimeout(fn, ms));
  }

  private set(part: Part, active: boolean): void {
    try {
      this.lines.get(part)?.write(levelOf(active, this.params.active_low));
    } catch (err) {
      this.log.debug({ err, part }, "reader feedback line not written");
    }
  }
}
