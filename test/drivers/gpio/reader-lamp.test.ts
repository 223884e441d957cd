import { describe, expect, it } from "vitest";
import { ReaderFeedbackParams } from "../../../src/config/schema-reader-feedback.js";
import type { DeviceDriver } from "../../../src/drivers/driver.js";
import { ReaderLamp } from "../../../src/drivers/gpio/reader-lamp.js";
import type { ReaderSignal } from "../../../src/drivers/reader-signal.js";
import { silentLogger } from "../../../src/util/log.js";
import { cleanupsAfterEach } from "../../helpers/cleanups.js";
import { deviceOf } from "../../helpers/device-harness.js";
import { FakeGpio, PI4_BOOKWORM, makeSysfs } from "../../helpers/fake-gpio.js";
import { ManualTimers } from "../../helpers/manual-timers.js";

/** BCM 5, 6 and 13 on a Pi 4 under Bookworm (main chip from 512). */
const [GREEN, RED, BEEP] = [517, 518, 525];

describe("a serial or USB reader's LED and beeper on GPIO lines", () => {
  const cleanups = cleanupsAfterEach();

  async function rig() {
    const sysfs = makeSysfs(PI4_BOOKWORM);
    cleanups.push(() => sysfs.cleanup());
    const gpio = new FakeGpio();
    const timers = new ManualTimers();
    const shown: ReaderSignal[] = [];
    const inner: DeviceDriver = {
      device: deviceOf("generic/usb-keyboard-wedge-reader", {}, "rdr-usb"),
      counters: { framesOk: 0, framesBad: 0, reconnects: 0 },
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
      signal: (s) => shown.push(s),
    };
    const params = ReaderFeedbackParams.parse({ led_green: 5, led_red: 6, buzzer: 13 });
    const lamp = new ReaderLamp(inner, params, { api: gpio, sysfsRoot: sysfs.root, timers }, silentLogger());
    await lamp.start();
    // Active low (the reader's inputs pulled up): all off is high.
    const lit = () => [GREEN, RED, BEEP].map((n) => gpio.level(n) === 0);
    return { lamp, gpio, timers, shown, lit };
  }

  it("opens every line off, shows a grant green with one beep for a second, and passes the signal on", async () => {
    const r = await rig();
    expect(r.gpio.ops.filter((o) => o.op === "open_output")).toEqual([GREEN, RED, BEEP].map((n) => ({ op: "open_output", n, level: 1 })));
    r.lamp.signal({ kind: "grant" });
    expect(r.shown).toEqual([{ kind: "grant" }]);
    expect(r.lit()).toEqual([true, false, true]);
    r.timers.advance(100);
    expect(r.lit()).toEqual([true, false, false]);
    r.timers.advance(900);
    expect(r.lit()).toEqual([false, false, false]);
  });

  it("prompts for the PIN with both LEDs (amber) until the grant replaces it; a lockdown stays red until rest", async () => {
    const r = await rig();
    r.lamp.signal({ kind: "present_pin", ms: 10_000 });
    r.timers.advance(500);
    expect(r.lit()).toEqual([true, true, false]);
    r.lamp.signal({ kind: "deny" });
    expect(r.lit()).toEqual([false, true, true]);
    r.timers.advance(20_000);
    expect(r.lit()).toEqual([false, false, false]);
    r.lamp.signal({ kind: "lockdown" });
    r.timers.advance(60_000);
    expect(r.lit()).toEqual([false, true, false]);
    r.lamp.signal({ kind: "rest" });
    expect(r.lit()).toEqual([false, false, false]);
  });

  it("needs at least one line", () => {
    expect(ReaderFeedbackParams.safeParse({ active_low: false }).success).toBe(false);
  });
});
