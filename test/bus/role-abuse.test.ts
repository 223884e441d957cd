import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Broker } from "../../src/bus/broker.js";
import { RequestRouter } from "../../src/bus/requests.js";
import { permitsRequest, type BusRole } from "../../src/bus/roles.js";
import { silentLogger } from "../../src/util/log.js";
import { clientFactory, nextResponse, publishRefused, recordMessages, startTestBroker } from "../helpers/broker-clients.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { READERS, ROLE_USERS } from "../helpers/role-users.js";

/**
 * Every publish, subscription and request each role may not make, tried over real MQTT against the
 * embedded broker and a request router with the gateway's role table.
 */

const PREFIX = "gatehouse/test-site";
const cleanups = cleanupsAfterEach();
const clients = clientFactory(cleanups, ROLE_USERS);
/** Requests that reached a handler, by name. */
let handled: string[];

beforeEach(() => {
  clients.reset();
  handled = [];
});

/** The gateway's requests, each answered by a handler that records its name. */
const REQUESTS = ["state", "events", "mode", "door", "credentials"] as const;

async function start(): Promise<Broker> {
  const b = await startTestBroker(cleanups, { host: "127.0.0.1", port: 0, prefix: PREFIX, users: ROLE_USERS, anonymous: "viewer", simEnabled: true, log: silentLogger() });
  const router = new RequestRouter({ broker: b, prefix: PREFIX, log: silentLogger(), permits: permitsRequest });
  for (const name of REQUESTS) router.register(name, { schema: z.object({}).loose(), handle: () => void handled.push(name) });
  router.start();
  return b;
}

const who = (role: BusRole | null): string => role ?? "anonymous";

/** Topics no client may publish on, whatever its role. */
const GATEWAY_ONLY = [
  `${PREFIX}/status`,
  `${PREFIX}/event/access`,
  `${PREFIX}/state/door/front`,
  `${PREFIX}/state/site`,
  `${PREFIX}/response/state`,
  "gatehouse/other-site/request/state",
  "other/topic",
  "$SYS/broker/heartbeat",
];

/** Roles that may publish on request topics at all, and roles that may drive simulated devices. */
const REQUESTERS: readonly (BusRole | null)[] = ["front_desk", "officer", "operator", "admin", "audit"];
const SIMULATORS: readonly (BusRole | null)[] = ["sim", "admin"];

/** What each role may not publish. */
function forbiddenPublishes(role: BusRole | null): string[] {
  return [
    ...GATEWAY_ONLY,
    ...(REQUESTERS.includes(role) ? [] : [`${PREFIX}/request/state`]),
    ...(SIMULATORS.includes(role) ? [] : [`${PREFIX}/sim/reader_1`]),
  ];
}

/** Filters no role may subscribe with. */
const FORBIDDEN_FILTERS = ["$SYS/#", "other/#", "gatehouse/other-site/#", "gatehouse/+", "$share/g/gatehouse/test-site/#"];

/** Every request each role may send (the rest are refused `not_permitted`). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  front_desk: ["state"],
  officer: ["state", "mode", "door"],
  operator: ["state", "mode", "door"],
  audit: ["state", "events"],
  admin: [...REQUESTS],
};

describe.each(READERS.map((role) => [who(role), role] as const))("%s", (_name, role) => {
  it("has every forbidden publish refused by closing its connection, and none reaches the gateway", async () => {
    const b = await start();
    const seen = recordMessages(b, "#");
    for (const topic of forbiddenPublishes(role)) {
      await publishRefused(await clients.connect(b, role ?? undefined), topic, '{"pin":"4711"}');
    }
    // A message the gateway does receive, so that any refused one would have arrived before it.
    const admin = await clients.connect(b, "admin");
    await admin.publishAsync(`${PREFIX}/sim/reader_9`, "{}");
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]?.topic).toBe(`${PREFIX}/sim/reader_9`);
  });

  it("is answered SUBACK 0x80 for every forbidden filter and keeps its connection", async () => {
    const b = await start();
    const client = await clients.connect(b, role ?? undefined);
    for (const filter of FORBIDDEN_FILTERS) {
      await expect(client.subscribeAsync(filter)).rejects.toMatchObject({ packet: { granted: [0x80] } });
    }
    expect(client.connected).toBe(true);
  });

  const allowed = role === null ? undefined : ALLOWED[role];
  if (allowed === undefined) return;
  it(`sends only ${allowed.join(", ")}: every other request is answered not_permitted and runs nothing`, async () => {
    const b = await start();
    const client = await clients.connect(b, role ?? undefined);
    await client.subscribeAsync(`${PREFIX}/response/+`);
    for (const name of REQUESTS) {
      const answer = nextResponse(client);
      await client.publishAsync(`${PREFIX}/request/${name}`, JSON.stringify({ transaction: name }));
      const envelope = await answer;
      if (allowed.includes(name)) expect(envelope).toEqual({ status: "ok", data: null, transaction: name });
      else expect(envelope).toMatchObject({ status: "error", error: { code: "not_permitted" }, transaction: name });
    }
    expect(handled).toEqual(REQUESTS.filter((n) => allowed.includes(n)));
  });
});
