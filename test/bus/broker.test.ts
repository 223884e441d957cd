import { once } from "node:events";
import { connect as connectTcp } from "node:net";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_PACKET_BYTES, type Broker, type BrokerOptions, type BrokerUser } from "../../src/bus/broker.js";
import { silentLogger } from "../../src/util/log.js";
import { clientFactory, closed, flush as flushTo, inbox, publishRefused, recordMessages, startTestBroker, type Received } from "../helpers/broker-clients.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";

const PREFIX = "gatehouse/test-site";
const USERS: readonly BrokerUser[] = [
  { username: "view", password: "view-secret", role: "viewer" },
  { username: "op", password: "op-secret", role: "operator" },
  { username: "sim", password: "sim-secret", role: "sim" },
  { username: "admin", password: "admin-secret", role: "admin" },
];

const cleanups = cleanupsAfterEach();
const clients = clientFactory(cleanups, USERS);
/** The broker the current test started last. */
let broker: Broker | undefined;

beforeEach(() => {
  broker = undefined;
  clients.reset();
});

const BASE: BrokerOptions = { host: "127.0.0.1", port: 0, prefix: PREFIX, users: USERS, anonymous: "viewer", simEnabled: true, log: silentLogger() };

async function start(overrides: Partial<BrokerOptions> = {}): Promise<Broker> {
  broker = await startTestBroker(cleanups, { ...BASE, ...overrides });
  return broker;
}

const connect = clients.connect;
/** Publish a gateway marker and wait until `list` holds it: everything published before it has been routed. */
const flush = (b: Broker, list: Received[]): Promise<void> => flushTo(b, list, PREFIX);

describe("authentication", () => {
  it("refuses a wrong password, a missing one and an unknown user with CONNACK 4", async () => {
    const b = await start();
    await expect(connect(b, "op", { password: "guess" })).rejects.toMatchObject({ code: 4 });
    await expect(connect(b, "op", { password: undefined })).rejects.toMatchObject({ code: 4 });
    await expect(connect(b, "mallory", { password: "op-secret" })).rejects.toMatchObject({ code: 4 });
    expect(b.clientCount()).toBe(0);
  });

  it("refuses anonymous clients with CONNACK 5 when anonymous is deny, and lets users in", async () => {
    const b = await start({ anonymous: "deny" });
    await expect(connect(b)).rejects.toMatchObject({ code: 5 });
    expect(b.clientCount()).toBe(0);
    await connect(b, "op");
    await connect(b, "view");
    expect(b.clientCount()).toBe(2);
  });

  it("refuses a client id held by another user (CONNACK 2) but lets its owner reconnect with it", async () => {
    const b = await start();
    const op = await connect(b, "op", { clientId: "console" });
    await expect(connect(b, undefined, { clientId: "console" })).rejects.toMatchObject({ code: 2 });
    await expect(connect(b, "view", { clientId: "console" })).rejects.toMatchObject({ code: 2 });
    expect(op.connected).toBe(true);
    const gone = closed(op);
    const again = await connect(b, "op", { clientId: "console" });
    await gone;
    await again.endAsync();
    await vi.waitFor(() => expect(b.clientCount()).toBe(0));
    await connect(b, "view", { clientId: "console" });
  });

  it("refuses duplicate user names at start", async () => {
    const twice = [...USERS, { username: "op", password: "other", role: "admin" as const }];
    await expect(start({ users: twice })).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});

describe("anonymous viewer", () => {
  it("receives gateway publishes on gatehouse/#", async () => {
    const b = await start();
    const anon = await connect(b);
    const got = inbox(anon);
    await anon.subscribeAsync("gatehouse/#");
    await b.publish(`${PREFIX}/event/access`, { granted: true });
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(got[0]).toEqual({ topic: `${PREFIX}/event/access`, text: '{"granted":true}', retain: false });
  });

  it("cannot send a request (the broker closes the connection); onMessage sees only client requests", async () => {
    const b = await start();
    const requests = recordMessages(b, `${PREFIX}/request/+`);
    const anon = await connect(b);
    await publishRefused(anon, `${PREFIX}/request/x`, "{}");
    await b.publish(`${PREFIX}/request/x`, { from: "gateway" });
    const op = await connect(b, "op");
    await op.publishAsync(`${PREFIX}/request/x`, "{}");
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.from).toEqual({ source: "local", username: "op", role: "operator", clientId: "op-1" });
  });
});

describe("publish authorization", () => {
  for (const topic of [`${PREFIX}/event/access`, `${PREFIX}/state/door/x`, `${PREFIX}/status`, `${PREFIX}/response/x`]) {
    it(`does not deliver an admin's spoofed publish on ${topic}`, async () => {
      const b = await start();
      const viewer = await connect(b, "view");
      const got = inbox(viewer);
      await viewer.subscribeAsync(`${PREFIX}/#`);
      const admin = await connect(b, "admin");
      await publishRefused(admin, topic, '{"spoofed":true}');
      await flush(b, got);
      expect(got.map((m) => m.text)).toEqual(['{"marker":true}']);
    });
  }

  it("refuses a connection whose last will is outside what its owner may publish, or is a command", async () => {
    const b = await start();
    const viewer = await connect(b, "view");
    const got = inbox(viewer);
    await viewer.subscribeAsync(`${PREFIX}/#`);
    const requests = recordMessages(b, `${PREFIX}/request/+`);
    const will = (topic: string) => ({ topic, payload: Buffer.from("{}"), qos: 0 as const, retain: false });
    await expect(connect(b, "op", { will: will(`${PREFIX}/event/access`) })).rejects.toMatchObject({ code: 5 });
    await expect(connect(b, "admin", { will: will(`${PREFIX}/request/ping`) })).rejects.toMatchObject({ code: 5 });
    await expect(connect(b, "sim", { will: will(`${PREFIX}/sim/reader_1`) })).rejects.toMatchObject({ code: 5 });
    expect(b.clientCount()).toBe(1);
    await flush(b, got);
    expect(requests).toEqual([]);
    expect(got.map((m) => m.topic)).toEqual([`${PREFIX}/status`]);
  });

  it("delivers sim publishes from a sim user with its identity", async () => {
    const b = await start();
    const sims = recordMessages(b, `${PREFIX}/sim/+`);
    const sim = await connect(b, "sim");
    await sim.publishAsync(`${PREFIX}/sim/reader_1`, '{"badge":"1"}');
    await vi.waitFor(() => expect(sims).toHaveLength(1));
    expect(sims[0]).toEqual({
      topic: `${PREFIX}/sim/reader_1`,
      text: '{"badge":"1"}',
      from: { source: "local", username: "sim", role: "sim", clientId: "sim-0" },
    });
  });

  for (const [user, simEnabled] of [["op", true], ["sim", false]] as const) {
    it(`refuses sim publishes from ${user} when sim topics are ${simEnabled ? "enabled" : "disabled"}`, async () => {
      const b = await start({ simEnabled });
      const seen = recordMessages(b, `${PREFIX}/#`);
      await publishRefused(await connect(b, user), `${PREFIX}/sim/reader_1`);
      const admin = await connect(b, "admin");
      await admin.publishAsync(`${PREFIX}/request/ping`, "{}");
      await vi.waitFor(() => expect(seen).toHaveLength(1));
      expect(seen[0]?.topic).toBe(`${PREFIX}/request/ping`);
    });
  }

  it("does not retain a client's retained request for later subscribers", async () => {
    const b = await start();
    const requests = recordMessages(b, `${PREFIX}/request/+`);
    const op = await connect(b, "op");
    await op.publishAsync(`${PREFIX}/request/ping`, "{}", { retain: true, qos: 1 });
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    const late = await connect(b, "view");
    const got = inbox(late);
    await late.subscribeAsync(`${PREFIX}/#`);
    await flush(b, got);
    expect(got.map((m) => m.topic)).toEqual([`${PREFIX}/status`]);
  });

  it("drops a connection that sends a packet above MAX_PACKET_BYTES", async () => {
    const b = await start();
    const requests = recordMessages(b, `${PREFIX}/request/+`);
    const op = await connect(b, "op");
    await publishRefused(op, `${PREFIX}/request/ping`, Buffer.alloc(MAX_PACKET_BYTES + 1, 0x20));
    const again = await connect(b, "op");
    await again.publishAsync(`${PREFIX}/request/ping`, "{}");
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.text).toBe("{}");
  });
});

describe("subscribe authorization", () => {
  for (const filter of ["other/#", "$SYS/#", "gatehouse/other-site/#", "gatehouse/+"]) {
    it(`answers SUBACK 0x80 for ${filter} and keeps the connection`, async () => {
      const b = await start();
      const viewer = await connect(b, "view");
      await expect(viewer.subscribeAsync(filter)).rejects.toMatchObject({ packet: { granted: [0x80] } });
      const granted = await viewer.subscribeAsync(`${PREFIX}/#`);
      expect(granted.map((g) => g.qos)).toEqual([0]);
    });
  }

  it("delivers only site topics to a # subscriber", async () => {
    const b = await start();
    const viewer = await connect(b, "view");
    const got = inbox(viewer);
    await viewer.subscribeAsync("#");
    await connect(b, "op");
    await flush(b, got);
    expect(got.map((m) => m.topic)).toEqual([`${PREFIX}/status`]);
  });
});

describe("gateway publish", () => {
  it("is seen by a late subscriber when retained", async () => {
    const b = await start();
    await b.publish(`${PREFIX}/state/door/front`, { locked: true }, { retain: true, qos: 1 });
    const viewer = await connect(b, "view");
    const got = inbox(viewer);
    await viewer.subscribeAsync(`${PREFIX}/state/door/+`);
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(got[0]).toEqual({ topic: `${PREFIX}/state/door/front`, text: '{"locked":true}', retain: true });
  });

  it("refuses topics outside the prefix and unserialisable payloads", async () => {
    const b = await start();
    await expect(b.publish("other/topic", {})).rejects.toMatchObject({ code: "BUS_PAYLOAD" });
    await expect(b.publish(`${PREFIX}/event/+`, {})).rejects.toMatchObject({ code: "BUS_PAYLOAD" });
    await expect(b.publish(`${PREFIX}/status`, undefined)).rejects.toMatchObject({ code: "BUS_PAYLOAD" });
    await expect(b.publish(`${PREFIX}/status`, { n: 1n })).rejects.toMatchObject({ code: "BUS_PAYLOAD" });
  });
});

describe("lifecycle", () => {
  it("fails with BUS_LISTEN when the port is taken", async () => {
    const first = await start();
    await expect(start({ port: first.port })).rejects.toMatchObject({ name: "GatewayError", code: "BUS_LISTEN" });
    expect(broker).toBe(first);
  });

  it("close() disconnects clients, ends silent sockets, releases the port and may be called twice", async () => {
    const before = tcpHandles();
    const b = await start();
    const op = await connect(b, "op");
    const silent = connectTcp(b.port, "127.0.0.1");
    await once(silent, "connect");
    const opClosed = closed(op);
    const silentClosed = closed(silent);
    await b.close();
    await Promise.all([opClosed, silentClosed]);
    await op.endAsync(true);
    await expect(connect(b, "op")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await vi.waitFor(() => expect(tcpHandles()).toBe(before));
    await b.close();
    await expect(b.publish(`${PREFIX}/status`, {})).rejects.toMatchObject({ code: "BUS_PAYLOAD" });
  });
});

/** Open TCP sockets and servers of this process. */
function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r.startsWith("TCP")).length;
}
