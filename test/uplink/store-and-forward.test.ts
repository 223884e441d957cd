import type { MqttClient } from "mqtt";
import { describe, expect, it, vi } from "vitest";
import { UplinkStatePayload } from "../../src/bus/topics.js";
import { uplinkClientId } from "../../src/config/schema-uplink.js";
import { startAedesDistrict, startMosquittoDistrict, type DistrictBroker } from "../helpers/district-broker.js";
import { SITE, appendRoutine, deliveryOf, districtSubscriber, testUplinkModel, uplinkHarness, type EventTally } from "../helpers/uplink-harness.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";

/** The partition size: a day or more of a busy school's events. */
const PARTITION_EVENTS = 100_000;

const brokers: [string, () => Promise<DistrictBroker>][] = [
  ["aedes", startAedesDistrict],
  ["mosquitto", startMosquittoDistrict],
];

describe.each(brokers)("store-and-forward to a district %s", (_name, startDistrict) => {
  const cleanups = cleanupsAfterEach();

  async function district(): Promise<DistrictBroker> {
    const d = await startDistrict();
    cleanups.push(() => d.dispose());
    return d;
  }

  async function subscriber(d: DistrictBroker): Promise<{ client: MqttClient; tally: EventTally }> {
    const s = await districtSubscriber(d.url, "district-console");
    cleanups.push(() => void s.client.end(true));
    return s;
  }

  it("delivers every event of a partition once the broker is back, in seq order, none lost", async () => {
    const d = await district();
    let sub = await subscriber(d);
    const h = uplinkHarness(testUplinkModel(d.url, { protocolVersion: d.protocolVersion }));
    cleanups.push(() => h.dispose());
    h.uplink.start();
    await vi.waitFor(() => expect(h.uplink.connected).toBe(true));

    await d.stop();
    await vi.waitFor(() => expect(h.uplink.connected).toBe(false));
    appendRoutine(h.events, PARTITION_EVENTS);
    h.uplink.notify();
    expect(h.uplink.state()).toMatchObject({ backlog: PARTITION_EVENTS, acked_seq: 0, last_seq: PARTITION_EVENTS });

    if (!d.persistent) d.hold(uplinkClientId(SITE));
    await d.start();
    if (!d.persistent) {
      // aedes lost every session: subscribe again before the gateway may reconnect.
      sub.client.end(true);
      sub = await subscriber(d);
      d.release();
    }
    await vi.waitFor(() => expect(new Set(sub.tally.seqs).size).toBe(PARTITION_EVENTS), { timeout: 80_000, interval: 100 });

    expect(deliveryOf(sub.tally)).toEqual({ inOrder: true, first: 1, last: PARTITION_EVENTS, conflicts: 0 });
    expect(new Set(sub.tally.ids.values()).size).toBe(PARTITION_EVENTS);
    await vi.waitFor(() => expect(h.uplink.state()).toMatchObject({ backlog: 0, acked_seq: PARTITION_EVENTS }));
  }, 90_000);
});

describe("the backlog quota", () => {
  const cleanups = cleanupsAfterEach();

  it("skips the oldest routine events, keeps safety events, and reports the drop as an event and in state/uplink", async () => {
    const d = await startAedesDistrict();
    cleanups.push(() => d.dispose());
    const sub = await districtSubscriber(d.url, "district-console");
    cleanups.push(() => void sub.client.end(true));
    const states: UplinkStatePayload[] = [];
    sub.client.on("message", (topic, p) => topic.endsWith("/state/uplink") && states.push(UplinkStatePayload.parse(JSON.parse(p.toString()))));
    await sub.client.subscribeAsync(`gatehouse/${SITE}/state/uplink`, { qos: 1 });
    const h = uplinkHarness(testUplinkModel(d.url, { maxBacklogEvents: 100 }));
    cleanups.push(() => h.dispose());
    h.events.append([{ type: "panic", device: "pb-office", location: "office", mode: "lockdown", silent: true }], Date.now());
    appendRoutine(h.events, 300);
    h.events.append([{ type: "mode", action: "raised", mode: "lockdown", previous: "normal", drill: false, silent: true, by: "panic", actor: null, location: "office", reason: null }], Date.now());

    h.uplink.start();
    // 302 waiting, quota 100: the newest 90 stay; of seqs 1–212 only the panic (seq 1) is kept.
    await vi.waitFor(() => expect(sub.tally.seqs).toHaveLength(92), { timeout: 10_000 });
    expect(sub.tally.seqs).toEqual([1, ...Array.from({ length: 90 }, (_, i) => 213 + i), 303]);
    const report = h.events.readAfter(302, 1)[0];
    expect(report).toMatchObject({ seq: 303, type: "uplink", action: "dropped", count: 211, total: 211, through_seq: 212 });
    await vi.waitFor(() => expect(states.at(-1)).toMatchObject({ dropped: 211, backlog: 0, connected: true }), { timeout: 10_000 });
  });
});
