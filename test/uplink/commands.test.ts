import mqtt, { type MqttClient } from "mqtt";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { startBroker } from "../../src/bus/broker.js";
import type { Identity } from "../../src/bus/broker.js";
import { RequestRouter, type Envelope } from "../../src/bus/requests.js";
import { EventPayload } from "../../src/bus/event-payloads.js";
import { silentLogger } from "../../src/util/log.js";
import { startGateway } from "../../src/main.js";
import { demoModel } from "../helpers/demo-site.js";
import { ManualTimers } from "../helpers/manual-timers.js";
import { hardwareOn } from "../helpers/hardware.js";
import { startAedesDistrict, startMosquittoDistrict, type DistrictBroker } from "../helpers/district-broker.js";
import { SITE, testUplinkModel, uplinkHarness } from "../helpers/uplink-harness.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";

const P = `gatehouse/${SITE}`;

/** The district's console: sends requests on the district broker and collects answers and events. */
class DistrictConsole {
  readonly answers: { name: string; envelope: Envelope }[] = [];
  readonly events: EventPayload[] = [];
  /** The gateway's latest status on the district broker. */
  status: unknown = null;

  private constructor(readonly client: MqttClient) {
    client.on("message", (topic, payload) => {
      const body: unknown = JSON.parse(payload.toString());
      if (topic === `${P}/status`) this.status = body;
      else if (topic.startsWith(`${P}/response/`)) this.answers.push({ name: topic.slice(`${P}/response/`.length), envelope: body as Envelope });
      else {
        // Only the types this test looks at must parse; others (door, device, …) are not its subject.
        const parsed = EventPayload.safeParse(body);
        if (parsed.success) this.events.push(parsed.data);
      }
    });
  }

  static async connect(url: string): Promise<DistrictConsole> {
    const client = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
    await client.subscribeAsync([`${P}/response/+`, `${P}/event/+`, `${P}/status`], { qos: 1 });
    return new DistrictConsole(client);
  }

  /** Publish a raw request and wait for the answer carrying `transaction` (or the next one on `name`). */
  async request(name: string, payload: string, transaction: string | number | null): Promise<Envelope> {
    const before = this.answers.length;
    await this.client.publishAsync(`${P}/request/${name}`, payload, { qos: 1 });
    let found: Envelope | undefined;
    await vi.waitFor(() => {
      found = this.answers.slice(before).find((a) => a.name === name && a.envelope.transaction === transaction)?.envelope;
      expect(found).toBeDefined();
    }, 10_000);
    return found as Envelope;
  }
}

describe("commands from the district", () => {
  const cleanups = cleanupsAfterEach();

  async function district(start: () => Promise<DistrictBroker>): Promise<{ d: DistrictBroker; console: DistrictConsole }> {
    const d = await start();
    cleanups.push(() => d.dispose());
    const console = await DistrictConsole.connect(d.url);
    cleanups.push(() => void console.client.end(true));
    return { d, console };
  }

  it.each([
    ["aedes", startAedesDistrict],
    ["mosquitto", startMosquittoDistrict],
  ] as const)("reach the handlers with the district identity (%s), and are recorded as command events", async (_n, start) => {
    const { d, console } = await district(start);
    const local = await startBroker({ host: "127.0.0.1", port: 0, prefix: P, users: [], anonymous: "deny", simEnabled: false, log: silentLogger() });
    cleanups.push(() => local.close());
    const router = new RequestRouter({ broker: local, prefix: P, log: silentLogger() });
    const seen: Identity[] = [];
    router.register("whoami", { schema: z.strictObject({}), handle: (_data, from) => (seen.push(from), { source: from.source }) });
    const h = uplinkHarness(testUplinkModel(d.url, { protocolVersion: d.protocolVersion }), { router });
    cleanups.push(() => h.dispose());
    h.uplink.start();
    await vi.waitFor(() => expect(console.status).toMatchObject({ state: "online" }), 10_000);

    const ok = await console.request("whoami", JSON.stringify({ transaction: "t1" }), "t1");
    expect(ok).toEqual({ status: "ok", data: { source: "district" }, transaction: "t1" });
    expect(seen).toEqual([{ source: "district", role: "district", username: null, clientId: `gatehouse-${SITE}` }]);

    const bad = await console.request("whoami", JSON.stringify({ transaction: 7, extra: true }), 7);
    expect(bad).toMatchObject({ status: "error", error: { code: "invalid_request" } });
    expect(seen).toHaveLength(1);

    await vi.waitFor(() => {
      const commands = console.events.filter((e) => e.type === "command");
      expect(commands).toMatchObject([
        { source: "district", name: "whoami", transaction: "t1", status: "ok", error_code: null },
        { source: "district", name: "whoami", transaction: 7, status: "error", error_code: "invalid_request" },
      ]);
    }, 10_000);
  });

  it("run on the real gateway: request/state answers, a malformed or unknown request is an error and changes nothing", async () => {
    const { d, console } = await district(startAedesDistrict);
    const site = demoModel();
    cleanups.push(site.cleanup);
    // Manual time: the engine sees no tick of its own, so its state can only change through a request.
    const timers = new ManualTimers();
    const gateway = await startGateway({ model: { ...site.model, uplink: testUplinkModel(d.url) }, log: silentLogger(), hardware: hardwareOn(timers) });
    cleanups.push(() => gateway.stop());
    // Online on the district broker: the uplink has subscribed to requests before it announced itself.
    await vi.waitFor(() => expect(console.status).toMatchObject({ state: "online" }), 10_000);

    const state = await console.request("state", JSON.stringify({ transaction: "s1" }), "s1");
    if (state.status !== "ok") throw new Error(`request/state failed: ${state.error.message}`);
    expect((state.data as { doors: unknown[] }).doors).toHaveLength(6);

    const before = gateway.engine.current;
    const malformed = await console.request("events", JSON.stringify({ transaction: "m1", limit: "all" }), "m1");
    expect(malformed).toMatchObject({ status: "error", error: { code: "invalid_request" }, transaction: "m1" });
    const notJson = await console.request("state", "{not json", null);
    expect(notJson).toMatchObject({ status: "error", error: { code: "bad_json" } });
    const unknown = await console.request("self_destruct", JSON.stringify({ transaction: "u1" }), "u1");
    expect(unknown).toMatchObject({ status: "error", error: { code: "unknown_request" } });
    expect(gateway.engine.current).toBe(before);

    await vi.waitFor(() => {
      const commands = console.events.filter((e) => e.type === "command").map((e) => e.type === "command" && [e.name, e.status, e.error_code]);
      expect(commands).toEqual([
        ["state", "ok", null],
        ["events", "error", "invalid_request"],
        ["state", "error", "bad_json"],
        ["self_destruct", "error", "unknown_request"],
      ]);
    }, 10_000);
  });
});
