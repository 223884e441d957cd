import { describe, expect, it } from "vitest";
import type { HidApi } from "../../../src/drivers/hid/hid-api.js";
import { HID_RETRY_FIRST_MS, HID_RETRY_MAX_MS, HidConnection, matchesHid, type HidMatch } from "../../../src/drivers/hid/hid-connection.js";
import { silentLogger } from "../../../src/util/log.js";
import { ManualTimers } from "../../helpers/manual-timers.js";
import { FakeHid, hidInfo } from "../../helpers/fake-hid.js";

/** Let the connection's pending promise chain (list, open, close) run: the fakes resolve at once. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

const IDS = { vendorId: 0x1209, productId: 0x0001 };
const MATCH: HidMatch = { ...IDS, serialNumber: null, interface: null };

function setup(match: HidMatch = MATCH, api?: HidApi) {
  const hid = new FakeHid();
  const timers = new ManualTimers();
  const statuses: [string, string | null][] = [];
  const reports: string[] = [];
  let reconnects = 0;
  const conn = new HidConnection(
    { api: api ?? hid, timers, log: silentLogger(), match },
    {
      report: (d) => reports.push(d.toString("hex")),
      status: (s, r) => statuses.push([s, r]),
      reconnected: () => reconnects++,
    },
  );
  return { hid, timers, conn, statuses, reports, reconnects: () => reconnects };
}

describe("matching HID devices", () => {
  const info = hidInfo({ ...IDS, serialNumber: "A1", interface: 1 });
  it("needs the ids, and the serial number and interface when given", () => {
    expect(matchesHid(info, MATCH)).toBe(true);
    expect(matchesHid(info, { ...MATCH, productId: 2 })).toBe(false);
    expect(matchesHid(info, { ...MATCH, serialNumber: "A1", interface: 1 })).toBe(true);
    expect(matchesHid(info, { ...MATCH, serialNumber: "B2" })).toBe(false);
    expect(matchesHid(info, { ...MATCH, interface: 0 })).toBe(false);
    expect(matchesHid({ ...info, path: null }, MATCH)).toBe(false);
  });
});

describe("a HID connection", () => {
  it("opens a present device at start, reports online and passes its reports on", async () => {
    const s = setup();
    const dev = s.hid.plug(hidInfo(IDS));
    await s.conn.start();
    expect(s.statuses).toEqual([["online", null]]);
    dev.send("0102");
    expect(s.reports).toEqual(["0102"]);
    expect(dev.listenerCount("data")).toBe(1);
    expect(dev.listenerCount("error")).toBe(1);
    await s.conn.stop();
    expect(dev.listenerCount("data") + dev.listenerCount("error")).toBe(0);
    expect(dev.closes).toBe(1);
  });

  it("reports a missing device offline once and looks again with a growing delay, capped", async () => {
    const s = setup();
    await s.conn.start();
    expect(s.statuses).toEqual([["offline", "not connected"]]);
    const delays = [HID_RETRY_FIRST_MS, HID_RETRY_FIRST_MS * 2, HID_RETRY_FIRST_MS * 4];
    for (const [i, d] of delays.entries()) {
      s.timers.advance(d - 1);
      expect(s.hid.listings).toBe(i + 1);
      s.timers.advance(1);
      await flush();
      expect(s.hid.listings).toBe(i + 2);
    }
    for (let i = 0; i < 10; i++) {
      const before = s.hid.listings;
      s.timers.advance(HID_RETRY_MAX_MS);
      await flush();
      expect(s.hid.listings).toBe(before + 1);
    }
    expect(s.statuses).toEqual([["offline", "not connected"]]);
    s.hid.plug(hidInfo(IDS));
    s.timers.advance(HID_RETRY_MAX_MS);
    await flush();
    expect(s.conn.connected).toBe(true);
    expect(s.statuses.at(-1)).toEqual(["online", null]);
    expect(s.reconnects()).toBe(0);
    await s.conn.stop();
  });

  it("comes back after 100 unplugs and replugs, with no listener left behind", async () => {
    const s = setup();
    const dev = s.hid.plug(hidInfo(IDS));
    await s.conn.start();
    for (let i = 1; i <= 100; i++) {
      s.hid.unplug(dev.info.path ?? "");
      await flush();
      expect(s.statuses.at(-1)).toEqual(["offline", "unplugged"]);
      expect(dev.listenerCount("data") + dev.listenerCount("error")).toBe(0);
      s.hid.plug(dev.info);
      s.timers.advance(HID_RETRY_FIRST_MS);
      await flush();
      expect(s.conn.connected).toBe(true);
      expect(dev.listenerCount("data")).toBe(1);
      expect(dev.listenerCount("error")).toBe(1);
      dev.send(Uint8Array.of(i));
    }
    expect(s.reconnects()).toBe(100);
    expect(dev.opens).toBe(101);
    expect(dev.closes).toBe(100);
    expect(s.reports).toHaveLength(100);
    await s.conn.stop();
    expect(dev.listenerCount("data") + dev.listenerCount("error")).toBe(0);
  });

  it("picks the device with the configured serial number among identical ones", async () => {
    const s = setup({ ...MATCH, serialNumber: "B" });
    const a = s.hid.plug(hidInfo({ ...IDS, serialNumber: "A", path: "/dev/hidraw0" }));
    const b = s.hid.plug(hidInfo({ ...IDS, serialNumber: "B", path: "/dev/hidraw1" }));
    await s.conn.start();
    expect([a.opens, b.opens]).toEqual([0, 1]);
    await s.conn.stop();
  });

  it("reports a fault and stops looking when node-hid cannot load", async () => {
    const s = setup();
    s.hid.unavailable = true;
    await s.conn.start();
    expect(s.statuses).toEqual([["fault", "node-hid could not be loaded"]]);
    s.timers.advance(60_000);
    expect(s.hid.listings).toBe(1);
  });

  it("keeps retrying when opening fails (permissions), saying why", async () => {
    const hid = new FakeHid();
    hid.plug(hidInfo(IDS));
    const api: HidApi = { devices: () => hid.devices(), open: async () => Promise.reject(new Error("EACCES")) };
    const s = setup(MATCH, api);
    await s.conn.start();
    expect(s.statuses).toEqual([["offline", "open failed: EACCES"]]);
    s.timers.advance(HID_RETRY_FIRST_MS);
    await flush();
    expect(hid.listings).toBe(2);
    expect(s.statuses).toHaveLength(1);
  });

  it("stops looking once stopped", async () => {
    const s = setup();
    await s.conn.start();
    await s.conn.stop();
    s.hid.plug(hidInfo(IDS));
    s.timers.advance(60_000);
    expect(s.hid.listings).toBe(1);
    expect(s.conn.connected).toBe(false);
  });
});
