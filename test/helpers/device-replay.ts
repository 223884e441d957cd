import type { Input } from "../../src/core/inputs.js";
import type { DeviceCounters, DeviceDriver } from "../../src/drivers/driver.js";
import { createGpioDevice } from "../../src/drivers/gpio/gpio-device.js";
import { HidDevice } from "../../src/drivers/hid/hid-device.js";
import { ManualTimers } from "./manual-timers.js";
import { FakeHid, hidInfo } from "./fake-hid.js";
import { FakeGpio, makeSysfs, PI4_BOOKWORM, type GpioOp } from "./fake-gpio.js";
import { deviceOf, recordingContext, type DeviceFixture } from "./device-harness.js";

/** What a replay produced. */
export interface Replay {
  readonly inputs: Input[];
  readonly ops: GpioOp[];
  readonly counters: DeviceCounters;
  /** Levels each output line passed through (outputs only). */
  readonly history: number[];
}

/** The sysfs number of BCM line N on the replay's Pi 4 tree. */
export const PI4_BASE = 512;

async function replayGpio(f: Extract<DeviceFixture, { replay: "gpio_input" | "gpio_output" }>): Promise<Replay> {
  const sysfs = makeSysfs(PI4_BOOKWORM);
  const gpio = new FakeGpio();
  const timers = new ManualTimers();
  const { ctx, inputs } = recordingContext();
  const n = PI4_BASE + f.device.line;
  const debounceMs = "debounce_ms" in f.device ? (f.device.debounce_ms ?? null) : null;
  const driver: DeviceDriver = createGpioDevice(deviceOf(f.model, { gpio: { line: f.device.line, debounceMs } }), ctx, {
    api: gpio,
    sysfsRoot: sysfs.root,
    timers,
  });
  try {
    if (f.replay === "gpio_input") {
      gpio.setLevel(n, f.initial_level);
      await driver.start();
      let t = 0;
      for (const e of f.edges) {
        timers.advance(e.at_ms - t);
        t = e.at_ms;
        gpio.setLevel(n, e.level);
      }
      timers.advance(f.end_ms - t);
    } else {
      await driver.start();
      for (const active of f.set_active) driver.setActive?.(active);
    }
    await driver.stop();
    return { inputs, ops: gpio.ops, counters: { ...driver.counters }, history: gpio.history.get(n) ?? [] };
  } finally {
    sysfs.cleanup();
  }
}

async function replayHid(f: Extract<DeviceFixture, { replay: "hid" }>): Promise<Replay> {
  const hid = new FakeHid();
  const timers = new ManualTimers();
  const { ctx, inputs } = recordingContext();
  const ids = { vendorId: f.device.vendor_id, productId: f.device.product_id };
  const dev = hid.plug(hidInfo(ids));
  const driver = new HidDevice(deviceOf(f.model, { hid: ids }), ctx, { api: hid, timers });
  await driver.start();
  let t = 0;
  for (const r of f.reports) {
    timers.advance(r.at_ms - t);
    t = r.at_ms;
    dev.send(r.hex);
  }
  await driver.stop();
  return { inputs, ops: [], counters: { ...driver.counters }, history: [] };
}

/** Run a fixture through its model's driver on fakes and fake time. */
export function replayFixture(f: DeviceFixture): Promise<Replay> {
  return f.replay === "hid" ? replayHid(f) : replayGpio(f);
}
