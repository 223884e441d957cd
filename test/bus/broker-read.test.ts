import type { MqttClient } from "mqtt";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Broker } from "../../src/bus/broker.js";
import { RequestRouter } from "../../src/bus/requests.js";
import { permitsRequest, type BusRole } from "../../src/bus/roles.js";
import { silentLogger } from "../../src/util/log.js";
import { clientFactory, nextResponse, flush, inbox, recordMessages, startTestBroker, type Received } from "../helpers/broker-clients.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { READERS, ROLE_USERS } from "../helpers/role-users.js";

const PREFIX = "gatehouse/test-site";
const cleanups = cleanupsAfterEach();
const clients = clientFactory(cleanups, ROLE_USERS);
/** Mode requests that reached their handler. */
let modeCalls: unknown[];

beforeEach(() => {
  clients.reset();
  modeCalls = [];
});

/** A broker (anonymous viewers let in, sim topics on) with a router answering `state` and `mode` by the role table. */
async function start(): Promise<Broker> {
  const b = await startTestBroker(cleanups, { host: "127.0.0.1", port: 0, prefix: PREFIX, users: ROLE_USERS, anonymous: "viewer", simEnabled: true, log: silentLogger() });
  const router = new RequestRouter({ broker: b, prefix: PREFIX, log: silentLogger(), permits: permitsRequest });
  router.register("state", { schema: z.object({}), handle: (_data, from) => ({ asked_by: from.clientId }) });
  router.register("mode", { schema: z.object({ action: z.string() }).loose(), handle: (data) => void modeCalls.push(data) });
  router.start();
  return b;
}

/** A client of `role` (null: anonymous) subscribed to `filter`, and what it receives. */
async function reader(b: Broker, role: BusRole | null, filter = "#"): Promise<{ client: MqttClient; got: Received[] }> {
  const client = await clients.connect(b, role ?? undefined);
  const got = inbox(client);
  await client.subscribeAsync(filter);
  return { client, got };
}

/** Publish one gateway marker and wait until every list holds it; what the lists hold besides markers. */
async function settle(b: Broker, lists: readonly Received[][]): Promise<string[][]> {
  await b.publish(`${PREFIX}/status`, { marker: true });
  await vi.waitFor(() => expect(lists.every((got) => got.some((m) => m.topic === `${PREFIX}/status`))).toBe(true));
  return lists.map((got) => got.filter((m) => m.topic !== `${PREFIX}/status`).map((m) => m.topic));
}

const ACCESS = {
  id: "5b0e9a3c-2f4d-4c1a-9e7b-3d8f6a1c2e40", seq: 30, ts: "2026-11-23T15:02:11.482Z", type: "access", door: "main-outer", reader: "rdr-main",
  result: "granted", reason: null, credential: { format: "h10301", facility: 123, number: 45678, raw: "10111101110110010011011101" },
  holder: "h-1001", role: "staff",
};

describe("what a # subscriber reads", () => {
  it("no request (a PIN included), no sim command and no response to another client, whatever its role", async () => {
    const b = await start();
    const readers = await Promise.all(READERS.filter((r) => r !== "officer").map((role) => reader(b, role)));
    const admin = await clients.connect(b, "admin");
    await admin.publishAsync(`${PREFIX}/request/credentials`, JSON.stringify({ kind: "delta", upsert: [{ id: "s-1", pin: "4711" }] }));
    await admin.publishAsync(`${PREFIX}/sim/reader_1`, '{"badge":"26:0x2F764DD"}');
    const officer = await clients.connect(b, "officer");
    await officer.subscribeAsync(`${PREFIX}/response/+`);
    const answer = nextResponse(officer);
    await officer.publishAsync(`${PREFIX}/request/state`, '{"transaction":"t-officer"}');
    expect(await answer).toMatchObject({ status: "ok", transaction: "t-officer" });
    expect(await settle(b, readers.map((r) => r.got))).toEqual(readers.map(() => []));
  });

  it("the gateway still receives the requests and sim commands nobody else reads", async () => {
    const b = await start();
    const seen = recordMessages(b, `${PREFIX}/#`);
    const admin = await clients.connect(b, "admin");
    await admin.publishAsync(`${PREFIX}/request/credentials`, '{"pin":"4711"}');
    await admin.publishAsync(`${PREFIX}/sim/reader_1`, '{"badge":"1"}');
    await vi.waitFor(() => expect(seen.map((m) => m.topic)).toEqual([`${PREFIX}/request/credentials`, `${PREFIX}/sim/reader_1`]));
  });
});

describe("responses", () => {
  it("go only to the client that asked, even to a client of the same user", async () => {
    const b = await start();
    const asker = await clients.connect(b, "officer");
    const other = await reader(b, "officer");
    const admin = await reader(b, "admin");
    await asker.subscribeAsync(`${PREFIX}/response/+`);
    const answer = nextResponse(asker);
    await asker.publishAsync(`${PREFIX}/request/state`, '{"transaction":1}');
    expect(await answer).toEqual({ status: "ok", data: { asked_by: "officer-0" }, transaction: 1 });
    const late = await reader(b, "audit");
    expect(await settle(b, [other.got, admin.got, late.got])).toEqual([[], [], []]);
  });

  it("a request the role may not send is answered not_permitted to its sender, and never reaches its handler", async () => {
    const b = await start();
    const desk = await clients.connect(b, "front_desk");
    await desk.subscribeAsync(`${PREFIX}/response/+`);
    const answer = nextResponse(desk);
    await desk.publishAsync(`${PREFIX}/request/mode`, '{"transaction":"t-desk","action":"raise","mode":"lockdown"}');
    expect(await answer).toEqual({ status: "error", error: { code: "not_permitted", message: "front_desk may not send mode" }, transaction: "t-desk" });
    expect(modeCalls).toEqual([]);
  });
});

describe("access events", () => {
  const FULL: readonly (BusRole | null)[] = ["admin", "audit"];
  for (const role of READERS) {
    const full = FULL.includes(role);
    it(`carry ${full ? "the full credential" : "a masked credential"} for ${role ?? "an anonymous viewer"}`, async () => {
      const b = await start();
      const { got } = await reader(b, role, `${PREFIX}/event/+`);
      await b.publish(`${PREFIX}/event/access`, ACCESS, { qos: 1 });
      await vi.waitFor(() => expect(got).toHaveLength(1));
      const credential = full ? ACCESS.credential : { format: "h10301", last4: "5678" };
      expect(JSON.parse(got[0]?.text ?? "")).toEqual({ ...ACCESS, credential });
    });
  }

  it("other events reach every reader as published", async () => {
    const b = await start();
    const { got } = await reader(b, "monitor", `${PREFIX}/event/+`);
    const door = { id: "8c2d4e6f-1a3b-4c5d-8e9f-0a1b2c3d4e51", seq: 36, ts: "2026-11-23T15:03:02.010Z", type: "door", door: "gym", action: "held_open" };
    await b.publish(`${PREFIX}/event/door`, door);
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(JSON.parse(got[0]?.text ?? "")).toEqual(door);
  });
});

describe("last wills", () => {
  it("an officer whose will is request/mode raise lockdown is refused at CONNECT; its drop raises nothing", async () => {
    const b = await start();
    const watcher = await reader(b, "admin");
    const will = { topic: `${PREFIX}/request/mode`, payload: Buffer.from('{"action":"raise","mode":"lockdown"}'), qos: 1 as const, retain: false };
    await expect(clients.connect(b, "officer", { will })).rejects.toMatchObject({ code: 5 });
    await flush(b, watcher.got, PREFIX);
    expect(modeCalls).toEqual([]);
    expect(b.clientCount()).toBe(1);
  });
});
