import { describe, expect, it } from "vitest";
import type { DeviceModel } from "../../../src/config/runtime-model.js";
import { createGpioDevice } from "../../../src/drivers/gpio/gpio-device.js";
import { GpioOutputDevice, safeActive } from "../../../src/drivers/gpio/gpio-output.js";
import { lockEnergised } from "../../../src/drivers/lock-level.js";
import { ManualTimers } from "../../helpers/manual-timers.js";
import { cleanupsAfterEach } from "../../helpers/cleanups.js";
import { FakeGpio, makeSysfs, PI4_BOOKWORM } from "../../helpers/fake-gpio.js";
import { deviceOf, recordingContext } from "../../helpers/device-harness.js";

/** The same model on an active-low relay board (opto-isolated boards energise on low). */
function activeLow(device: DeviceModel): DeviceModel {
  const [t, s] = [device.model.transport, device.settings];
  if (t.type !== "gpio" || s.transport !== "gpio") throw new Error("not a gpio model");
  return { ...device, model: { ...device.model, transport: { ...t, active_low: true } }, settings: { ...s, activeLow: true } };
}

describe("a GPIO output device", () => {
  const cleanups = cleanupsAfterEach();

  function setup(device: DeviceModel) {
    const sysfs = makeSysfs(PI4_BOOKWORM);
    cleanups.push(sysfs.cleanup);
    const gpio = new FakeGpio();
    const { ctx, inputs } = recordingContext();
    const driver = createGpioDevice(device, ctx, { api: gpio, sysfsRoot: sysfs.root, timers: new ManualTimers() });
    return { gpio, inputs, driver };
  }

  const strike = () => deviceOf("generic/gpio-strike-relay", { gpio: { line: 12, debounceMs: null } });
  const maglock = () => deviceOf("generic/gpio-maglock-relay", { gpio: { line: 13, debounceMs: null } });

  it("takes its safe level from the lock's fail mode: locked either way", () => {
    expect(safeActive(strike())).toBe(lockEnergised("secure", true));
    expect(safeActive(strike())).toBe(false);
    expect(safeActive(maglock())).toBe(true);
    expect(safeActive(deviceOf("generic/gpio-strobe-relay", { gpio: { line: 16, debounceMs: null } }))).toBe(false);
  });

  it.each([
    ["a fail-secure strike", strike(), 524, 0],
    ["a fail-safe maglock", maglock(), 525, 1],
    ["a fail-secure strike on an active-low board", activeLow(strike()), 524, 1],
    ["a fail-safe maglock on an active-low board", activeLow(maglock()), 525, 0],
  ])("never pulses at boot: %s is exported at its safe level and nothing else is written", async (_n, device, n, level) => {
    const s = setup(device);
    await s.driver.start();
    s.driver.setActive?.(safeActive(device));
    expect(s.gpio.ops).toEqual([{ op: "open_output", n, level }]);
    expect(s.gpio.history.get(n)).toEqual([level]);
    expect(s.inputs).toEqual([{ kind: "device_status", device: "dev", status: "online", reason: null }]);
  });

  it("drives the safe level again on stop and leaves the line exported", async () => {
    const s = setup(maglock());
    await s.driver.start();
    s.driver.setActive?.(false);
    await s.driver.stop();
    expect(s.gpio.ops).toEqual([
      { op: "open_output", n: 525, level: 1 },
      { op: "write", n: 525, level: 0 },
      { op: "write", n: 525, level: 1 },
    ]);
    expect(s.gpio.ops.some((o) => o.op === "unexport")).toBe(false);
  });

  it("writes only changes and counts each write", async () => {
    const s = setup(deviceOf("generic/gpio-sounder-relay", { gpio: { line: 20, debounceMs: null } }));
    await s.driver.start();
    for (const a of [true, true, true, false, false]) s.driver.setActive?.(a);
    expect(s.gpio.ops.filter((o) => o.op === "write")).toHaveLength(2);
    expect(s.driver.counters.framesOk).toBe(2);
    expect((s.driver as GpioOutputDevice).isActive).toBe(false);
  });

  it("counts a failed write as bad and keeps the previous state", async () => {
    const sysfs = makeSysfs(PI4_BOOKWORM);
    cleanups.push(sysfs.cleanup);
    const { ctx } = recordingContext();
    const api = {
      openInput: async () => {
        throw new Error("not an input");
      },
      openOutput: async () => ({
        read: () => 0 as const,
        write: () => {
          throw new Error("EIO");
        },
        watch: () => undefined,
        unwatchAll: () => undefined,
        unexport: () => undefined,
      }),
    };
    const driver = new GpioOutputDevice(strike(), ctx, { api, sysfsRoot: sysfs.root, timers: new ManualTimers() });
    await driver.start();
    driver.setActive(true);
    expect(driver.counters).toMatchObject({ framesOk: 0, framesBad: 1 });
    expect(driver.isActive).toBe(false);
  });

  it("reports a fault when it cannot open its line, and ignores levels afterwards", async () => {
    const s = setup(strike());
    s.gpio.failNextOpen = new Error("EBUSY");
    await s.driver.start();
    s.driver.setActive?.(true);
    await s.driver.stop();
    expect(s.gpio.ops).toEqual([]);
    expect(s.inputs).toEqual([{ kind: "device_status", device: "dev", status: "fault", reason: "EBUSY" }]);
  });
});
