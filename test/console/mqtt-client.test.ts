import { describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import type { Broker } from "../../src/bus/broker.js";
import { silentLogger } from "../../src/util/log.js";
import { MqttClient, splitPackets } from "../../web/mqtt.js";
import { startTestBroker } from "../helpers/broker-clients.js";
import { cleanupsAfterEach, type Cleanups } from "../helpers/cleanups.js";
import { ROLE_USERS } from "../helpers/role-users.js";
import { expectNeverOnline } from "../helpers/mqtt-refusal.js";
import { cuttableProxy } from "../helpers/tcp-proxy.js";

const PREFIX = "gatehouse/test-site";
const cleanups = cleanupsAfterEach();

async function broker(): Promise<Broker> {
  return startTestBroker(cleanups, {
    host: "127.0.0.1",
    port: 0,
    prefix: PREFIX,
    users: ROLE_USERS,
    anonymous: "deny",
    simEnabled: false,
    websocket: { host: "127.0.0.1", port: 0, path: "/mqtt" },
    log: silentLogger(),
  });
}

let made = 0;
function client(c: Cleanups, port: number, username = "officer", extra: Partial<ConstructorParameters<typeof MqttClient>[0]> = {}): MqttClient {
  const m = new MqttClient({ url: `ws://127.0.0.1:${port}/mqtt`, clientId: `console-${made++}`, username, password: `${username}-secret`, WebSocket, minDelayMs: 20, maxDelayMs: 200, ...extra });
  c.push(() => m.close());
  return m;
}

/** Messages a client receives, as text. */
function inbox(m: MqttClient): { topic: string; text: string }[] {
  const got: { topic: string; text: string }[] = [];
  m.onMessage((topic, payload) => got.push({ topic, text: Buffer.from(payload).toString("utf8") }));
  return got;
}

describe("the console's MQTT client against the embedded broker over WebSocket", () => {
  it("splits packets whole, byte by byte and with a remaining length over several bytes", () => {
    const big = new Uint8Array(200).fill(7);
    const bytes = new Uint8Array([0x20, 2, 0, 0, 0x30, 0xc8, 0x01, ...big, 0xd0, 0]);
    expect(splitPackets(bytes).packets.map((p) => [p.type, p.body.length])).toEqual([[2, 2], [3, 200], [13, 0]]);
    let rest: Uint8Array = new Uint8Array(0);
    const seen: number[] = [];
    for (const b of bytes) {
      const joined = new Uint8Array([...rest, b]);
      const out = splitPackets(joined);
      seen.push(...out.packets.map((p) => p.type));
      rest = out.rest;
    }
    expect(seen).toEqual([2, 3, 13]);
  });

  it("connects, subscribes and receives the gateway's retained and live messages, QoS 0 and 1", async () => {
    const b = await broker();
    await b.publish(`${PREFIX}/state/site`, { mode: "normal" }, { retain: true, qos: 1 });
    const m = client(cleanups, b.webSocketPort ?? 0);
    const got = inbox(m);
    m.subscribe(`${PREFIX}/state/#`, 1);
    m.subscribe(`${PREFIX}/event/+`, 0);
    m.start();
    await vi.waitFor(() => expect(got).toEqual([{ topic: `${PREFIX}/state/site`, text: '{"mode":"normal"}' }]));
    await b.publish(`${PREFIX}/event/door`, { door: "east" }, { qos: 0 });
    await b.publish(`${PREFIX}/state/site`, { mode: "lockdown" }, { retain: true, qos: 1 });
    await vi.waitFor(() => expect(got.map((g) => g.text)).toEqual(['{"mode":"normal"}', '{"door":"east"}', '{"mode":"lockdown"}']));
  });

  it("publishes a request at QoS 1, resolved on the broker's PUBACK, with the user's identity", async () => {
    const b = await broker();
    const from: string[] = [];
    b.onMessage(`${PREFIX}/request/+`, (topic, payload, id) => from.push(`${id.username}:${topic.split("/").pop()}:${payload.toString()}`));
    const m = client(cleanups, b.webSocketPort ?? 0);
    m.start();
    await vi.waitFor(() => expect(m.status).toBe("online"));
    await m.publish(`${PREFIX}/request/state`, "{}", 1);
    await m.publish(`${PREFIX}/request/state`, '{"transaction":2}', 0);
    await vi.waitFor(() => expect(from).toEqual(["officer:state:{}", 'officer:state:{"transaction":2}']));
  });

  it("is refused with a wrong password and keeps trying without going online", async () => {
    const b = await broker();
    await expectNeverOnline(client(cleanups, b.webSocketPort ?? 0, "officer", { password: "wrong" }));
  });

  it("reports a cut connection, reconnects by itself and subscribes again", async () => {
    const b = await broker();
    const proxy = await cuttableProxy(cleanups, b.webSocketPort ?? 0);
    const m = new MqttClient({ url: `ws://127.0.0.1:${proxy.port}/mqtt`, clientId: "console-cut", username: "viewer", password: "viewer-secret", WebSocket, minDelayMs: 20, maxDelayMs: 200 });
    cleanups.push(() => m.close());
    const statuses: string[] = [];
    m.onStatus((s) => statuses.push(s));
    const got = inbox(m);
    m.subscribe(`${PREFIX}/event/+`);
    m.start();
    await vi.waitFor(() => expect(m.status).toBe("online"));
    proxy.cut();
    await vi.waitFor(() => expect(statuses).toContain("offline"));
    await vi.waitFor(() => expect(m.status).toBe("online"));
    await vi.waitFor(async () => {
      await b.publish(`${PREFIX}/event/door`, { n: 1 });
      expect(got.length).toBeGreaterThan(0);
    });
    expect(statuses.slice(0, 4)).toEqual(["connecting", "online", "offline", "connecting"]);
  });

  it("rejects a QoS 1 publish when offline, and close stops reconnecting", async () => {
    const b = await broker();
    const m = client(cleanups, b.webSocketPort ?? 0);
    await expect(m.publish(`${PREFIX}/request/state`, "{}", 1)).rejects.toThrow("not connected");
    m.start();
    await vi.waitFor(() => expect(m.status).toBe("online"));
    m.close();
    expect(m.status).toBe("closed");
    await vi.waitFor(() => expect(b.clientCount()).toBe(0));
  });
});
