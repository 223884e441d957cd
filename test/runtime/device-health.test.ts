import { connectAsync } from "mqtt";
import { describe, expect, it } from "vitest";
import { startBroker } from "../../src/bus/broker.js";
import { DeviceStatePayload, siteTopics } from "../../src/bus/topics.js";
import type { DeviceStatus } from "../../src/core/events.js";
import type { DeviceDriver } from "../../src/drivers/driver.js";
import { silentLogger } from "../../src/util/log.js";
import { startGateway, type Gateway } from "../../src/main.js";
import { DeviceHealth, HEALTH_MIN_INTERVAL_MS } from "../../src/runtime/device-health.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { ManualTimers } from "../helpers/manual-timers.js";
import { hardwareOn } from "../helpers/hardware.js";
import { deviceOf } from "../helpers/device-harness.js";
import { demoModel } from "../helpers/demo-site.js";

/** A driver that only carries counters, moved by the test. */
function driver(id: string, model = "generic/gpio-door-contact"): DeviceDriver {
  return {
    device: deviceOf(model, {}, id),
    counters: { framesOk: 0, framesBad: 0, reconnects: 0 },
    start: async () => undefined,
    stop: async () => undefined,
  };
}

function setup(ids: string[] = ["dc-1"]) {
  const timers = new ManualTimers();
  const published: { device: string; payload: DeviceStatePayload }[] = [];
  const health = new DeviceHealth({
    publish: async (device, payload) => void published.push({ device, payload }),
    timers,
    log: silentLogger(),
  });
  const drivers = new Map(ids.map((id) => [id, driver(id)]));
  return { timers, published, health, drivers };
}

const status = (device: string, s: DeviceStatus, reason: string | null = null) =>
  ({ kind: "device_status", device, status: s, reason }) as const;

describe("device health", () => {
  it("publishes every device at start with the status its driver reported while starting", async () => {
    const s = setup(["dc-1", "dc-2"]);
    s.health.observe(status("dc-1", "online"));
    await s.health.start(s.drivers);
    expect(s.published.map((p) => [p.device, p.payload.status, p.payload.reason])).toEqual([
      ["dc-1", "online", null],
      ["dc-2", "offline", "starting"],
    ]);
    for (const p of s.published) expect(DeviceStatePayload.parse(p.payload)).toEqual(p.payload);
    expect(s.published[0]?.payload).toMatchObject({ kind: "contact", model: "generic/gpio-door-contact", frames_ok: 0 });
    await s.health.stop();
  });

  it("publishes a status change at once, with its reason and when it happened", async () => {
    const s = setup();
    await s.health.start(s.drivers);
    s.timers.advance(250);
    s.health.observe(status("dc-1", "trouble", "circuit open"));
    expect(s.published.at(-1)?.payload).toMatchObject({
      status: "trouble",
      reason: "circuit open",
      since: new Date(s.timers.now()).toISOString(),
    });
    s.health.observe(status("dc-1", "trouble", "circuit open"));
    s.health.observe({ kind: "contact", device: "dc-1", open: true });
    expect(s.published).toHaveLength(2);
    await s.health.stop();
  });

  it("publishes counter changes at most once per interval per device", async () => {
    const s = setup(["a", "b"]);
    await s.health.start(s.drivers);
    const a = s.drivers.get("a") as DeviceDriver;
    s.published.length = 0;
    for (let i = 0; i < 50; i++) {
      a.counters.framesOk++;
      s.timers.advance(HEALTH_MIN_INTERVAL_MS / 10);
    }
    const forA = s.published.filter((p) => p.device === "a");
    expect(forA.length).toBeGreaterThanOrEqual(4);
    expect(forA.length).toBeLessThanOrEqual(5);
    expect(forA.at(-1)?.payload.frames_ok).toBe(50);
    expect(s.published.filter((p) => p.device === "b")).toEqual([]);
    s.timers.advance(10 * HEALTH_MIN_INTERVAL_MS);
    expect(s.published.filter((p) => p.device === "a")).toHaveLength(forA.length);
    await s.health.stop();
  });

  it("publishes every device offline on stop, and nothing after", async () => {
    const s = setup();
    await s.health.start(s.drivers);
    s.health.observe(status("dc-1", "online"));
    await s.health.stop();
    expect(s.published.at(-1)?.payload).toMatchObject({ status: "offline", reason: "gateway stopped" });
    const n = s.published.length;
    (s.drivers.get("dc-1") as DeviceDriver).counters.framesBad++;
    s.timers.advance(10 * HEALTH_MIN_INTERVAL_MS);
    expect(s.published).toHaveLength(n);
  });

  it("logs a failed publication and keeps going", async () => {
    const timers = new ManualTimers();
    let calls = 0;
    const health = new DeviceHealth({
      publish: async () => {
        calls++;
        throw new Error("broker closed");
      },
      timers,
      log: silentLogger(),
    });
    await health.start(new Map([["x", driver("x")]]));
    health.observe(status("x", "online"));
    await health.stop();
    expect(calls).toBe(3);
  });
});

describe("device health on a real broker", () => {
  const cleanups = cleanupsAfterEach();

  it("leaves a retained state/device/<id> that a late subscriber reads", async () => {
    const topics = siteTopics("test-site");
    const b = await startBroker({
      host: "127.0.0.1",
      port: 0,
      prefix: topics.prefix,
      users: [],
      anonymous: "viewer",
      simEnabled: false,
      log: silentLogger(),
    });
    cleanups.push(() => b.close());
    const timers = new ManualTimers();
    const sent: Promise<void>[] = [];
    const health = new DeviceHealth({
      publish: (id, p) => {
        const done = b.publish(topics.deviceState(id), p, { retain: true, qos: 1 });
        sent.push(done);
        return done;
      },
      timers,
      log: silentLogger(),
    });
    const drivers = new Map([["panic-office", driver("panic-office", "generic/gpio-panic-button-nc")]]);
    await health.start(drivers);
    health.observe(status("panic-office", "trouble", "circuit open"));
    await Promise.all(sent);

    const c = await connectAsync(`mqtt://127.0.0.1:${b.port}`, { protocolVersion: 4, reconnectPeriod: 0 });
    cleanups.push(() => c.endAsync(true));
    const got = new Promise<{ topic: string; payload: unknown; retain: boolean }>((resolve) =>
      c.on("message", (topic, payload, packet) => resolve({ topic, payload: JSON.parse(payload.toString()), retain: packet.retain })),
    );
    await c.subscribeAsync(topics.deviceState("+"));
    const msg = await got;
    expect(msg.topic).toBe("gatehouse/test-site/state/device/panic-office");
    expect(msg.retain).toBe(true);
    expect(DeviceStatePayload.parse(msg.payload)).toMatchObject({ kind: "panic", status: "trouble", reason: "circuit open" });
    await health.stop();
  });
});

describe("device health wired into the gateway", () => {
  const cleanups = cleanupsAfterEach();

  /** Every retained device state a fresh subscriber gets, by device id. */
  async function retainedStates(port: number, siteId: string, count: number): Promise<Map<string, DeviceStatePayload>> {
    const c = await connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, reconnectPeriod: 0 });
    cleanups.push(() => c.endAsync(true));
    const states = new Map<string, DeviceStatePayload>();
    const all = new Promise<void>((resolve) =>
      c.on("message", (topic, payload, packet) => {
        if (!packet.retain) return;
        states.set(topic.split("/").at(-1) ?? "", DeviceStatePayload.parse(JSON.parse(payload.toString())));
        if (states.size === count) resolve();
      }),
    );
    await c.subscribeAsync(siteTopics(siteId).deviceState("+"));
    await all;
    return states;
  }

  it("publishes a retained state for every device, and a GPIO device without sysfs GPIO as a fault", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const gpio = deviceOf("generic/gpio-door-contact", { gpio: { line: 17, debounceMs: null } }, "dc-wired");
    const model = { ...site.model, devices: new Map([...site.model.devices, [gpio.id, gpio]]) };
    const gateway: Gateway = await startGateway({ model, log: silentLogger(), hardware: hardwareOn(new ManualTimers()) });
    cleanups.push(() => gateway.stop());
    const states = await retainedStates(gateway.port, model.site.id, model.devices.size);
    expect([...states.keys()].sort()).toEqual([...model.devices.keys()].sort());
    expect(states.get("dc-wired")).toMatchObject({ kind: "contact", status: "fault", reason: expect.stringMatching(/gpio/i) });
    const sim = [...site.model.devices.keys()][0] ?? "";
    expect(states.get(sim)).toMatchObject({ status: "online", reason: null });
  });
});
