import { describe, expect, it } from "vitest";
import { SiteClient } from "../../src/client/site-client.js";
import { encodeBits, formatBadgeText } from "../../src/core/badge.js";
import { doorById } from "../../src/core/state.js";
import { startGateway } from "../../src/main.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { demoAccount, demoModel, SCHOOL_HOURS } from "../helpers/demo-site.js";
import { FakeGpio, makeSysfs, PI4_BOOKWORM } from "../helpers/fake-gpio.js";
import { FakeHid, hidInfo } from "../helpers/fake-hid.js";
import { HARDWARE_DEMO_LINES, HARDWARE_DEMO_PANIC, writeHardwareDemo } from "../helpers/hardware-demo.js";
import { clockOf } from "../helpers/hardware.js";
import { ManualTimers } from "../helpers/manual-timers.js";
import { tempDir } from "../helpers/temp-dir.js";

const { eastContact, eastStrike, gymMaglock, fire } = HARDWARE_DEMO_LINES;
const PAT = formatBadgeText(encodeBits("h10301", 123, 45678));
/** The catalog debounce of the door contact (50 ms) and of the fire panel relay (100 ms). */
const CONTACT_SETTLED_MS = 50;
const FIRE_SETTLED_MS = 100;
/** The demo's panic button must be held this long (safety.yaml hold_ms). */
const PANIC_HOLD_MS = 500;
/** The demo's default strike time (doors.yaml). */
const STRIKE_MS = 5000;
/** Boot keyboard reports: Ctrl+Shift+F13 held, and every key up. */
const HOTKEY_DOWN = "0300680000000000";
const KEYS_UP = "0000000000000000";

describe("the demo gateway on fake GPIO, a fake HID button and a fake clock", () => {
  const cleanups = cleanupsAfterEach();

  async function boot() {
    const site = demoModel(writeHardwareDemo(tempDir(cleanups, "gatehouse-hw-demo-")));
    cleanups.push(site.cleanup);
    const sysfs = makeSysfs(PI4_BOOKWORM);
    cleanups.push(sysfs.cleanup);
    const gpio = new FakeGpio();
    const hid = new FakeHid();
    const button = hid.plug(hidInfo(HARDWARE_DEMO_PANIC));
    const timers = new ManualTimers(SCHOOL_HOURS);
    const gateway = await startGateway({
      model: site.model,
      log: silentLogger(),
      hardware: {
        // The sim devices need no serial port: a binding that opens nothing proves none is asked for.
        serial: { list: async () => [], open: () => Promise.reject(new Error("no serial device in this site")) },
        gpio: { api: gpio, sysfsRoot: sysfs.root },
        hid,
        clock: clockOf(timers),
      },
    });
    cleanups.push(() => gateway.stop());
    const client = await SiteClient.connect({ url: `mqtt://127.0.0.1:${gateway.port}`, siteId: site.model.site.id, ...demoAccount(site.model) });
    cleanups.push(() => client.close());
    const door = (id: string) => doorById(site.model.core, gateway.engine.current, id);
    return { gateway, client, gpio, button, timers, door };
  }

  it("exports the GPIO locks already locked, before anything else is written", async () => {
    const { gpio } = await boot();
    expect(gpio.ops.filter((o) => o.op === "open_output")).toEqual([
      { op: "open_output", n: eastStrike, level: 0 },
      { op: "open_output", n: gymMaglock, level: 1 },
    ]);
    expect(gpio.ops.filter((o) => o.op === "write")).toEqual([]);
  });

  it("a GPIO door contact opened while locked is published as forced open", async () => {
    const { client, gpio, timers, door } = await boot();
    gpio.setLevel(eastContact, 1);
    timers.advance(CONTACT_SETTLED_MS - 1);
    expect(door("east")?.open).toBe(false);
    timers.advance(1);
    expect(door("east")?.open).toBe(true);
    await client.waitForEvent((e) => e.type === "door" && e.door === "east" && e.action === "forced_open");
  });

  it("a badge grant drives the GPIO strike open, and the fake clock's strike time locks it again", async () => {
    const { client, gpio, timers } = await boot();
    await client.sim("rdr-east-ext", { badge: PAT });
    await client.waitForEvent((e) => e.type === "access" && e.door === "east" && e.result === "granted");
    expect(gpio.level(eastStrike)).toBe(1);
    gpio.setLevel(eastContact, 1);
    timers.advance(CONTACT_SETTLED_MS);
    await client.waitForEvent((e) => e.type === "door" && e.door === "east" && e.action === "opened");
    gpio.setLevel(eastContact, 0);
    timers.advance(STRIKE_MS);
    await client.waitForEvent((e) => e.type === "door" && e.door === "east" && e.action === "locked");
    expect(gpio.history.get(eastStrike)).toEqual([0, 1, 0]);
    expect(client.events.some((e) => e.type === "door" && e.door === "east" && e.action === "forced_open")).toBe(false);
  });

  it("the HID panic button held for its hold time locks the school down", async () => {
    const { gateway, client, button, timers } = await boot();
    button.send(HOTKEY_DOWN);
    timers.advance(PANIC_HOLD_MS - 1);
    expect(gateway.engine.current.safety.mode).not.toBe("lockdown");
    timers.advance(1);
    button.send(KEYS_UP);
    const raised = await client.waitForEvent((e) => e.type === "mode" && e.action === "raised");
    expect(raised).toMatchObject({ mode: "lockdown", location: "Front office" });
    await client.waitForEvent((e) => e.type === "panic" && e.device === "panic-office");
  });

  it("the GPIO fire relay releases the egress maglock even in a panic lockdown, on its GPIO line", async () => {
    const { client, gpio, button, timers } = await boot();
    button.send(HOTKEY_DOWN);
    timers.advance(PANIC_HOLD_MS);
    await client.waitForEvent((e) => e.type === "mode" && e.action === "raised" && e.mode === "lockdown");
    gpio.setLevel(fire, 1);
    timers.advance(FIRE_SETTLED_MS);
    await client.waitForEvent((e) => e.type === "alarm" && e.alarm === "fire" && e.active);
    await client.waitForEvent((e) => e.type === "door" && e.door === "gym" && e.action === "unlocked" && e.cause === "fire");
    expect(gpio.level(gymMaglock)).toBe(0);
    expect(gpio.level(eastStrike)).toBe(0);
  });
});
