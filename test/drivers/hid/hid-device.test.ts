import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { DeviceModel } from "../../../src/config/runtime-model.js";
import { nodeHidApi } from "../../../src/drivers/hid/hid-api.js";
import { HID_RETRY_FIRST_MS } from "../../../src/drivers/hid/hid-connection.js";
import { resolveSettings } from "../../../src/config/device-settings.js";
import { createHidDevice, hidMatchOf, HidDevice } from "../../../src/drivers/hid/hid-device.js";
import { GatewayError } from "../../../src/util/errors.js";
import { ManualTimers } from "../../helpers/manual-timers.js";
import { deviceOf, recordingContext } from "../../helpers/device-harness.js";
import { FakeHid, hidInfo } from "../../helpers/fake-hid.js";

const IDS = { vendorId: 0x1209, productId: 0x0001 };
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const NONE = "0000000000000000";
const key = (usage: number) => `0000${usage.toString(16).padStart(2, "0")}0000000000`;
/** Press and release reports typing `digits` then Enter. */
function typed(digits: string): string[] {
  const usage = (c: string) => (c === "0" ? 0x27 : 0x1e + Number(c) - 1);
  return [...[...digits].flatMap((c) => [key(usage(c)), NONE]), key(0x28), NONE];
}

function setup(device: DeviceModel) {
  const hid = new FakeHid();
  const timers = new ManualTimers();
  const { ctx, inputs } = recordingContext();
  const driver = new HidDevice(device, ctx, { api: hid, timers });
  return { hid, timers, inputs, driver };
}

const reader = () => deviceOf("generic/usb-keyboard-wedge-reader", { hid: IDS });

describe("a USB HID device", () => {
  it("turns a keyboard-wedge reader's reports into a digits badge read and counts them", async () => {
    const s = setup(reader());
    const dev = s.hid.plug(hidInfo(IDS));
    await s.driver.start();
    for (const r of typed("0004512345")) dev.send(r);
    expect(s.inputs).toEqual([
      { kind: "device_status", device: "dev", status: "online", reason: null },
      { kind: "badge", reader: "dev", read: { kind: "digits", digits: "0004512345" } },
    ]);
    expect(s.driver.counters).toEqual({ framesOk: 22, framesBad: 0, reconnects: 0 });
    await s.driver.stop();
  });

  it("drops a half-typed badge when the reader is unplugged, and counts the reconnect", async () => {
    const s = setup(reader());
    const dev = s.hid.plug(hidInfo(IDS));
    await s.driver.start();
    for (const r of typed("12").slice(0, 4)) dev.send(r);
    s.hid.unplug(dev.info.path ?? "");
    await flush();
    s.hid.plug(dev.info);
    s.timers.advance(HID_RETRY_FIRST_MS);
    await flush();
    for (const r of typed("3")) dev.send(r);
    expect(s.inputs.map((i) => (i.kind === "badge" ? i.read : i.kind === "device_status" ? i.status : i.kind))).toEqual([
      "online",
      "offline",
      "online",
      { kind: "digits", digits: "3" },
    ]);
    expect(s.driver.counters.reconnects).toBe(1);
    await s.driver.stop();
  });

  it("takes USB ids from the device config over the model's", () => {
    const withIds = deviceOf("generic/usb-hotkey-panic-button", { hid: { vendorId: 0x0c45, productId: 0x7403, serialNumber: "X" } });
    expect(hidMatchOf(withIds)).toEqual({ vendorId: 0x0c45, productId: 0x7403, serialNumber: "X", interface: null });
    const model = withIds.model;
    if (model.transport.type !== "hid") throw new Error("not hid");
    const declaredModel = { ...model, transport: { ...model.transport, vendor_id: 0x1111, product_id: 0x2222, interface: 1 } };
    const declared: DeviceModel = { ...withIds, model: declaredModel, settings: resolveSettings(declaredModel, {}) };
    expect(hidMatchOf(declared)).toEqual({ vendorId: 0x1111, productId: 0x2222, serialNumber: null, interface: 1 });
  });

  it("reports a fault when neither the model nor the device names USB ids", async () => {
    const s = setup(deviceOf("generic/usb-keyboard-wedge-reader"));
    await s.driver.start();
    expect(s.inputs).toEqual([
      { kind: "device_status", device: "dev", status: "fault", reason: expect.stringMatching(/set hid.vendor_id and hid.product_id/) },
    ]);
    expect(s.hid.listings).toBe(0);
  });

  it("reports a fault for a kind and report format it cannot decode", async () => {
    const panic = deviceOf("generic/usb-hotkey-panic-button", { hid: IDS });
    const asReader: DeviceModel = { ...panic, kind: "reader" };
    const s = setup(asReader);
    await s.driver.start();
    expect(s.inputs[0]).toMatchObject({ status: "fault", reason: "a reader with boot_keyboard reports and a hotkey is not supported over HID" });
  });

  it("never logs a badge number in full, even at debug level", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const { ctx } = recordingContext();
    const hid = new FakeHid();
    const dev = hid.plug(hidInfo(IDS));
    const driver = createHidDevice(reader(), { ...ctx, log: pino({ level: "debug" }, sink) }, { api: hid, timers: new ManualTimers() });
    await driver.start();
    for (const r of typed("0004512345")) dev.send(r);
    await driver.stop();
    expect(lines.some((l) => l.includes("…345"))).toBe(true);
    expect(lines.join("")).not.toContain("4512345");
  });
});

describe("the node-hid API on this machine", () => {
  it("lists devices (or says node-hid is unavailable) without opening anything", async () => {
    const result = await nodeHidApi()
      .devices()
      .then(
        (list) => ({ list }),
        (err: unknown) => ({ err }),
      );
    if ("err" in result) {
      expect(result.err).toBeInstanceOf(GatewayError);
      expect((result.err as GatewayError).code).toBe("DEVICE_UNAVAILABLE");
    } else {
      expect(Array.isArray(result.list)).toBe(true);
      for (const d of result.list) expect(d).toMatchObject({ vendorId: expect.any(Number), productId: expect.any(Number) });
    }
  });
});
