import { describe, expect, it } from "vitest";
import type { DeviceModel } from "../../../src/config/runtime-model.js";
import { createGpioDevice } from "../../../src/drivers/gpio/gpio-device.js";
import { GpioInputDevice } from "../../../src/drivers/gpio/gpio-input.js";
import type { EdgeCallback } from "../../../src/drivers/gpio/gpio-api.js";
import { GatewayError } from "../../../src/util/errors.js";
import { ManualTimers } from "../../helpers/manual-timers.js";
import { cleanupsAfterEach } from "../../helpers/cleanups.js";
import { FakeGpio, makeSysfs, PI4_BOOKWORM } from "../../helpers/fake-gpio.js";
import { deviceOf, recordingContext } from "../../helpers/device-harness.js";

const online = { kind: "device_status", device: "dev", status: "online", reason: null };

describe("a GPIO input device", () => {
  const cleanups = cleanupsAfterEach();

  function setup(device: DeviceModel, chips = PI4_BOOKWORM) {
    const sysfs = makeSysfs(chips);
    cleanups.push(sysfs.cleanup);
    const gpio = new FakeGpio();
    const timers = new ManualTimers();
    const { ctx, inputs } = recordingContext();
    const driver = createGpioDevice(device, ctx, { api: gpio, sysfsRoot: sysfs.root, timers });
    return { gpio, timers, inputs, driver };
  }

  it("opens its BCM line at the chip base with both edges, reports online, then the door's state", async () => {
    const s = setup(deviceOf("generic/gpio-door-contact", { gpio: { line: 17, debounceMs: null } }));
    s.gpio.setLevel(529, 1);
    await s.driver.start();
    expect(s.driver).toBeInstanceOf(GpioInputDevice);
    expect(s.gpio.ops).toEqual([{ op: "open_input", n: 529, edge: "both" }]);
    expect(s.inputs).toEqual([online, { kind: "contact", device: "dev", open: true }]);
    expect(s.gpio.watcherCount(529)).toBe(1);
  });

  it("catches a change between the first read and the watch (regression: such a door stayed closed)", async () => {
    const sysfs = makeSysfs(PI4_BOOKWORM);
    cleanups.push(sysfs.cleanup);
    const gpio = new FakeGpio();
    const timers = new ManualTimers();
    const { ctx, inputs } = recordingContext();
    let reads = 0;
    const api = {
      openInput: async (n: number, edge: "both" | "rising" | "falling") => {
        const line = await gpio.openInput(n, edge);
        // The door opens right after the first read, before the watch is set: no edge will ever fire.
        return { ...line, read: () => (reads++ === 0 ? (0 as const) : (1 as const)) };
      },
      openOutput: (n: number, level: 0 | 1) => gpio.openOutput(n, level),
    };
    const driver = createGpioDevice(deviceOf("generic/gpio-door-contact", { gpio: { line: 17, debounceMs: null } }), ctx, {
      api,
      sysfsRoot: sysfs.root,
      timers,
    });
    await driver.start();
    timers.advance(50);
    expect(inputs.slice(1)).toEqual([
      { kind: "contact", device: "dev", open: false },
      { kind: "contact", device: "dev", open: true },
    ]);
  });

  it("reads active-low lines inverted: a pressed key switch pulls the line low", async () => {
    const s = setup(deviceOf("generic/gpio-key-switch", { gpio: { line: 6, debounceMs: null } }));
    s.gpio.setLevel(518, 0);
    await s.driver.start();
    expect(s.inputs.at(-1)).toEqual({ kind: "key_switch", device: "dev", on: true });
  });

  it("uses the model's debounce unless the site overrides it", async () => {
    const model = setup(deviceOf("generic/gpio-door-contact", { gpio: { line: 17, debounceMs: null } }));
    const site = setup(deviceOf("generic/gpio-door-contact", { gpio: { line: 17, debounceMs: 200 } }));
    for (const s of [model, site]) {
      s.gpio.setLevel(529, 0);
      await s.driver.start();
      s.gpio.setLevel(529, 1);
      s.timers.advance(60);
    }
    expect(model.inputs.at(-1)).toEqual({ kind: "contact", device: "dev", open: true });
    expect(site.inputs.at(-1)).toEqual({ kind: "contact", device: "dev", open: false });
    site.timers.advance(140);
    expect(site.inputs.at(-1)).toEqual({ kind: "contact", device: "dev", open: true });
  });

  it("stops watching, cancels a pending debounce and unexports its line on stop", async () => {
    const s = setup(deviceOf("generic/gpio-rex-button", { gpio: { line: 22, debounceMs: null } }));
    s.gpio.setLevel(534, 1);
    await s.driver.start();
    s.gpio.setLevel(534, 0);
    await s.driver.stop();
    s.timers.advance(1000);
    expect(s.inputs).toEqual([online]);
    expect(s.gpio.ops.slice(1)).toEqual([
      { op: "unwatch", n: 534 },
      { op: "unexport", n: 534 },
    ]);
    expect(s.gpio.watcherCount(534)).toBe(0);
  });

  it("reports a fault (and does not throw) when the line cannot be opened", async () => {
    const s = setup(deviceOf("generic/gpio-fire-alarm-relay", { gpio: { line: 5, debounceMs: null } }));
    s.gpio.failNextOpen = new GatewayError("DEVICE_UNAVAILABLE", "GPIO sysfs (/sys/class/gpio) is not accessible");
    await s.driver.start();
    expect(s.inputs).toEqual([{ kind: "device_status", device: "dev", status: "fault", reason: expect.stringMatching(/not accessible/) }]);
    await s.driver.stop();
  });

  it("reports a fault when the machine has no Raspberry Pi GPIO chip", async () => {
    const s = setup(deviceOf("generic/gpio-door-contact", { gpio: { line: 17, debounceMs: null } }), [
      { base: 0, ngpio: 8, label: "i2c-expander" },
    ]);
    await s.driver.start();
    expect(s.gpio.ops).toEqual([]);
    expect(s.inputs).toEqual([{ kind: "device_status", device: "dev", status: "fault", reason: expect.stringMatching(/no Raspberry Pi GPIO chip/) }]);
  });

  it("reports a fault for a device without gpio settings", async () => {
    const s = setup(deviceOf("generic/gpio-door-contact"));
    await s.driver.start();
    expect(s.inputs[0]).toMatchObject({ status: "fault", reason: expect.stringMatching(/without gpio settings/) });
  });

  it("counts an edge error as a bad frame and keeps going", async () => {
    const sysfs = makeSysfs(PI4_BOOKWORM);
    cleanups.push(sysfs.cleanup);
    const { ctx } = recordingContext();
    const hook: { watcher: EdgeCallback | null } = { watcher: null };
    const api = {
      openInput: async () => ({
        read: () => 0 as const,
        write: () => undefined,
        watch: (cb: EdgeCallback) => void (hook.watcher = cb),
        unwatchAll: () => undefined,
        unexport: () => undefined,
      }),
      openOutput: async () => {
        throw new Error("not an output");
      },
    };
    const driver = createGpioDevice(deviceOf("generic/gpio-door-contact", { gpio: { line: 17, debounceMs: null } }), ctx, {
      api,
      sysfsRoot: sysfs.root,
      timers: new ManualTimers(),
    });
    await driver.start();
    hook.watcher?.(new Error("EIO"), 0);
    expect(driver.counters.framesBad).toBe(1);
  });
});
