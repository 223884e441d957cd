import mqtt from "mqtt";
import { describe, expect, it, vi } from "vitest";
import { StatusPayload, UplinkStatePayload } from "../../src/bus/topics.js";
import { startAedesDistrict, startMosquittoDistrict, type DistrictBroker } from "../helpers/district-broker.js";
import { SITE, testUplinkModel, uplinkHarness, type UplinkHarness } from "../helpers/uplink-harness.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";

const brokers: [string, () => Promise<DistrictBroker>][] = [
  ["aedes", startAedesDistrict],
  ["mosquitto", startMosquittoDistrict],
];

const P = `gatehouse/${SITE}`;

/** Every retained message a fresh subscriber gets on `P/#` right after subscribing, by topic. */
async function retainedOn(url: string, expected: number): Promise<Map<string, unknown>> {
  const c = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const seen = new Map<string, unknown>();
    c.on("message", (topic, payload, packet) => {
      if (packet.retain) seen.set(topic, JSON.parse(payload.toString()));
    });
    await c.subscribeAsync(`${P}/#`, { qos: 1 });
    await vi.waitFor(() => expect(seen.size).toBeGreaterThanOrEqual(expected));
    return seen;
  } finally {
    await c.endAsync(true);
  }
}

describe.each(brokers)("retained state on a district %s", (_name, startDistrict) => {
  const cleanups = cleanupsAfterEach();

  /** A district broker and an uplink to it (not started), both disposed of after the test. */
  async function districtAndUplink(): Promise<{ d: DistrictBroker; h: UplinkHarness }> {
    const d = await startDistrict();
    cleanups.push(() => d.dispose());
    const h = uplinkHarness(testUplinkModel(d.url, { protocolVersion: d.protocolVersion }));
    cleanups.push(() => h.dispose());
    return { d, h };
  }

  it("announces online with version and config hash, and forwards state changes", async () => {
    const { d, h } = await districtAndUplink();
    h.retained.set(`${P}/state/door/gym`, { locked: true, open: false, alarm: "none" });
    h.uplink.start();
    await vi.waitFor(() => expect(h.uplink.connected).toBe(true));
    h.retained.set(`${P}/state/door/gym`, { locked: false, open: true, alarm: "none" });

    await vi.waitFor(async () => {
      const seen = await retainedOn(d.url, 3);
      expect(StatusPayload.parse(seen.get(`${P}/status`))).toMatchObject({ state: "online", version: "0.1.0", config_hash: "c0ffee" });
      expect(seen.get(`${P}/state/door/gym`)).toEqual({ locked: false, open: true, alarm: "none" });
      expect(UplinkStatePayload.parse(seen.get(`${P}/state/uplink`)).connected).toBe(true);
    }, 10_000);
  });

  it("keeps the topics carrying visitors' names and watch list matches at the school, at connect and on change", async () => {
    const { d, h } = await districtAndUplink();
    h.retained.set(`${P}/state/visitors`, { on_site: [{ name: "Dana Whitfield" }], waiting: [] });
    h.retained.set(`${P}/state/door/gym`, { locked: true, open: false, alarm: "none" });
    h.uplink.start();
    await vi.waitFor(() => expect(h.uplink.connected).toBe(true));
    h.retained.set(`${P}/state/visitor_holds`, { holds: [{ first_name: "Bob" }] });
    h.retained.set(`${P}/state/desk/scanner-1`, { scanner: "scanner-1" });
    // Published after them on the same connection: once it is there, they would be too.
    h.retained.set(`${P}/state/door/east`, { locked: true, open: false, alarm: "none" });

    await vi.waitFor(async () => {
      const seen = await retainedOn(d.url, 4);
      expect(seen.has(`${P}/state/door/east`)).toBe(true);
      expect([...seen.keys()].filter((t) => /visitor|desk/.test(t))).toEqual([]);
    }, 10_000);
  });

  it("republishes every retained state after the district broker restarts, without a gateway restart", async () => {
    const { d, h } = await districtAndUplink();
    h.retained.set(`${P}/state/door/gym`, { locked: true, open: false, alarm: "none" });
    h.retained.set(`${P}/state/door/east`, { locked: true, open: false, alarm: "none" });
    h.uplink.start();
    await vi.waitFor(() => expect(h.uplink.connected).toBe(true));
    await retainedOn(d.url, 4);

    await d.stop();
    await vi.waitFor(() => expect(h.uplink.connected).toBe(false));
    // Changed while the district was away: the district must get the new value, not its stale copy.
    h.retained.set(`${P}/state/door/east`, { locked: false, open: false, alarm: "forced_open" });
    await d.start();
    await vi.waitFor(() => expect(h.uplink.connected).toBe(true));

    await vi.waitFor(async () => {
      const seen = await retainedOn(d.url, 4);
      expect(seen.get(`${P}/status`)).toMatchObject({ state: "online" });
      expect(seen.get(`${P}/state/door/gym`)).toEqual({ locked: true, open: false, alarm: "none" });
      expect(seen.get(`${P}/state/door/east`)).toEqual({ locked: false, open: false, alarm: "forced_open" });
      expect(seen.get(`${P}/state/uplink`)).toMatchObject({ connected: true });
    }, 10_000);
  });

  it("keeps the states that name people off the district: it gets the building's counts only", async () => {
    const { d, h } = await districtAndUplink();
    h.retained.setLocal(`${P}/state/occupancy/people`, { students: [{ holder: "h-3001" }] });
    h.retained.set(`${P}/state/occupancy`, { counts: { visitors: 0, staff: 0, students: 1 } });
    h.uplink.start();
    await vi.waitFor(() => expect(h.uplink.connected).toBe(true));
    h.retained.setLocal(`${P}/state/muster`, { active: true });
    h.retained.set(`${P}/state/door/gym`, { locked: true, open: false, alarm: "none" });

    await vi.waitFor(async () => {
      const seen = await retainedOn(d.url, 4);
      expect(seen.get(`${P}/state/occupancy`)).toEqual({ counts: { visitors: 0, staff: 0, students: 1 } });
      expect(seen.has(`${P}/state/door/gym`)).toBe(true);
      expect([...seen.keys()].filter((t) => t.endsWith("/people") || t.endsWith("/muster"))).toEqual([]);
    }, 10_000);
  });

  it("publishes offline, retained, on a clean stop", async () => {
    const { d, h } = await districtAndUplink();
    h.uplink.start();
    await vi.waitFor(() => expect(h.uplink.connected).toBe(true));
    await h.stop();
    const seen = await retainedOn(d.url, 1);
    expect(seen.get(`${P}/status`)).toMatchObject({ state: "offline", config_hash: "c0ffee" });
  });
});
