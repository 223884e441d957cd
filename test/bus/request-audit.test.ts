import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Broker, Identity } from "../../src/bus/broker.js";
import { RequestRouter, type Envelope } from "../../src/bus/requests.js";
import { permitsRequest } from "../../src/bus/roles.js";
import { silentLogger } from "../../src/util/log.js";
import { clientFactory, nextResponse, publishRefused, startTestBroker } from "../helpers/broker-clients.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { ROLE_USERS } from "../helpers/role-users.js";

/** Which requests refused for their sender's role reach the audit trail, and how often. */

const PREFIX = "gatehouse/test-site";
const cleanups = cleanupsAfterEach();
const clients = clientFactory(cleanups, ROLE_USERS);

type Audited = { name: string; actor: string | null; envelope: Envelope; suppressed: number };
let audited: Audited[];

beforeEach(() => {
  clients.reset();
  audited = [];
  // Only Date is faked: the intervals of the refusal records are read from it, MQTT keeps its timers.
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => void vi.useRealTimers());

async function start(refusalIntervalMs?: number): Promise<Broker> {
  const b = await startTestBroker(cleanups, { host: "127.0.0.1", port: 0, prefix: PREFIX, users: ROLE_USERS, anonymous: "viewer", simEnabled: false, log: silentLogger() });
  const onLocalChange = (name: string, from: Identity, envelope: Envelope, suppressed: number): void =>
    void audited.push({ name, actor: from.username, envelope, suppressed });
  const router = new RequestRouter({ broker: b, prefix: PREFIX, log: silentLogger(), permits: permitsRequest, onLocalChange, refusalIntervalMs });
  router.register("state", { schema: z.object({}).loose(), handle: () => null });
  router.register("events", { schema: z.object({}).loose(), handle: () => null });
  router.register("mode", { schema: z.object({}).loose(), changes: true, handle: () => null });
  router.start();
  return b;
}

/** Send requests as `user` and wait for each answer. */
async function send(b: Broker, user: string, names: readonly string[]): Promise<void> {
  const client = await clients.connect(b, user);
  await client.subscribeAsync(`${PREFIX}/response/+`);
  for (const name of names) {
    const answer = nextResponse(client);
    await client.publishAsync(`${PREFIX}/request/${name}`, JSON.stringify({ transaction: `t-${name}`, pin: "4711" }));
    await answer;
  }
}

describe("requests refused for the sender's role", () => {
  it("are audited with the user, the request and the transaction, whether the request changes anything or not", async () => {
    const b = await start();
    await send(b, "front_desk", ["state", "events", "mode"]);
    await vi.waitFor(() => expect(audited).toHaveLength(2));
    expect(audited.map((a) => [a.name, a.actor, a.envelope.status === "error" ? a.envelope.error.code : null, a.envelope.transaction])).toEqual([
      ["events", "front_desk", "not_permitted", "t-events"],
      ["mode", "front_desk", "not_permitted", "t-mode"],
    ]);
  });

  it("are audited when the broker refuses them outright, with nothing of the payload but its transaction", async () => {
    const b = await start();
    await publishRefused(await clients.connect(b, "monitor"), `${PREFIX}/request/mode`, '{"transaction":"t9","action":"raise","mode":"lockdown","pin":"4711"}');
    await publishRefused(await clients.connect(b), `${PREFIX}/request/state`, "{}");
    await vi.waitFor(() => expect(audited).toHaveLength(2));
    expect(audited.map((a) => [a.name, a.actor, a.envelope])).toEqual([
      ["mode", "monitor", { status: "error", error: { code: "not_permitted", message: "monitor may not send requests" }, transaction: "t9" }],
      ["state", null, { status: "error", error: { code: "not_permitted", message: "anonymous may not send requests" }, transaction: null }],
    ]);
    expect(JSON.stringify(audited)).not.toMatch(/4711|lockdown/);
  });

  it("are audited once per user and request a minute, the next one counting those held back", async () => {
    const b = await start();
    await send(b, "front_desk", ["events", "events", "events", "mode", "mode"]);
    for (let i = 0; i < 3; i++) await publishRefused(await clients.connect(b, "monitor"), `${PREFIX}/request/mode`, "{}");
    await vi.waitFor(() => expect(audited).toHaveLength(3));
    vi.setSystemTime(Date.now() + 60_000);
    await send(b, "front_desk", ["events"]);
    await vi.waitFor(() => expect(audited).toHaveLength(4));
    expect(audited.map((a) => [a.name, a.actor, a.suppressed])).toEqual([
      ["events", "front_desk", 0],
      ["mode", "front_desk", 0],
      ["mode", "monitor", 0],
      ["events", "front_desk", 2],
    ]);
  });

  it("are audited once per the configured interval when the site sets one (broker.limits.log_interval_ms)", async () => {
    const b = await start(5_000);
    // Refused by the broker itself: audited before the connection is closed.
    const refuse = async (): Promise<void> => publishRefused(await clients.connect(b, "monitor"), `${PREFIX}/request/mode`, "{}");
    await refuse();
    await refuse();
    vi.setSystemTime(Date.now() + 4_999);
    await refuse();
    expect(audited.map((a) => [a.name, a.suppressed])).toEqual([["mode", 0]]);
    vi.setSystemTime(Date.now() + 1);
    await refuse();
    expect(audited.map((a) => [a.name, a.suppressed])).toEqual([
      ["mode", 0],
      ["mode", 2],
    ]);
  });

  it("share one record a minute per user when they name requests that do not exist", async () => {
    const b = await start();
    await send(b, "front_desk", Array.from({ length: 20 }, (_, i) => `made-up-${i}`));
    await send(b, "front_desk", ["events"]);
    await vi.waitFor(() => expect(audited.map((a) => a.name)).toEqual(["made-up-0", "events"]));
  });
});
