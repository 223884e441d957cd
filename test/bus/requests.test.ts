import { Writable } from "node:stream";
import { connectAsync, type MqttClient } from "mqtt";
import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startBroker, type Broker, type Identity } from "../../src/bus/broker.js";
import { MAX_REQUEST_BYTES, RequestError, RequestRouter, type Envelope } from "../../src/bus/requests.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";

const PREFIX = "gatehouse/test-site";

const cleanups = cleanupsAfterEach();
let broker: Broker;
let client: MqttClient;
let router: RequestRouter;
let calls: { name: string; data: unknown; from: Identity }[];
let logLines: Record<string, unknown>[];

/** A real pino logger whose JSON lines land in `logLines`. */
function capturingLogger(): pino.Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return pino({ level: "info" }, sink);
}

beforeEach(async () => {
  calls = [];
  logLines = [];
  const log = capturingLogger();
  const started = await startBroker({ host: "127.0.0.1", port: 0, prefix: PREFIX, users: [{ username: "op", password: "pw", role: "operator" }], anonymous: "deny", simEnabled: false, log });
  cleanups.push(() => started.close());
  broker = started;
  router = new RequestRouter({ broker, prefix: PREFIX, log });
  router.register("open_door", {
    schema: z.strictObject({ door_id: z.string().min(1), seconds: z.number().int().positive().optional() }),
    handle(data, from) {
      calls.push({ name: "open_door", data, from });
      return { door_id: data.door_id, opened: true };
    },
  });
  router.register("refuse", {
    schema: z.object({}),
    handle(data, from) {
      calls.push({ name: "refuse", data, from });
      throw new RequestError("not_permitted", "lockdown is active");
    },
  });
  router.register("crash", {
    schema: z.object({}),
    async handle(data, from) {
      calls.push({ name: "crash", data, from });
      throw new Error("secret internal detail");
    },
  });
  router.register("nothing", { schema: z.object({}), handle: () => undefined });
  router.register("raw", {
    raw: true,
    async handle(payload, from) {
      const text = new TextDecoder().decode(payload);
      calls.push({ name: "raw", data: text, from });
      if (text.includes("refuse")) throw new RequestError("not_permitted", "no", "t-from-handler");
      return { transaction: "t-read", data: { length: text.length } };
    },
  });
  router.register("bigint", { schema: z.object({}), handle: () => ({ n: 1n }) });
  router.start();
  const connected = await connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 4, reconnectPeriod: 0, username: "op", password: "pw", clientId: "op-client" });
  cleanups.push(() => connected.endAsync(true));
  client = connected;
  await client.subscribeAsync(`${PREFIX}/response/+`);
});

/** Send a raw request payload and wait for the envelope on the matching response topic. */
async function request(name: string, payload: string | Buffer): Promise<Envelope> {
  const answer = new Promise<Envelope>((resolve) => {
    const onMessage = (topic: string, body: Buffer): void => {
      if (topic !== `${PREFIX}/response/${name}`) return;
      client.off("message", onMessage);
      resolve(JSON.parse(body.toString()) as Envelope);
    };
    client.on("message", onMessage);
  });
  await client.publishAsync(`${PREFIX}/request/${name}`, payload);
  return answer;
}

describe("RequestRouter", () => {
  it("answers a valid request with ok, the handler's data and the transaction", async () => {
    const envelope = await request("open_door", JSON.stringify({ door_id: "front", transaction: "t-1" }));
    expect(envelope).toEqual({ status: "ok", data: { door_id: "front", opened: true }, transaction: "t-1" });
    expect(calls).toEqual([
      { name: "open_door", data: { door_id: "front" }, from: { source: "local", username: "op", role: "operator", clientId: "op-client" } },
    ]);
  });

  it("echoes a numeric transaction and answers null when there is none", async () => {
    expect(await request("open_door", '{"door_id":"a","transaction":42}')).toMatchObject({ status: "ok", transaction: 42 });
    expect(await request("open_door", '{"door_id":"a"}')).toMatchObject({ status: "ok", transaction: null });
  });

  it("answers data null when the handler returns nothing", async () => {
    expect(await request("nothing", "{}")).toEqual({ status: "ok", data: null, transaction: null });
  });

  it("answers bad_json for a payload that is not JSON and never calls the handler", async () => {
    for (const payload of ["{door_id:", "", "nul"]) {
      const envelope = await request("open_door", payload);
      expect(envelope).toEqual({ status: "error", error: { code: "bad_json", message: expect.any(String) }, transaction: null });
    }
    expect(calls).toEqual([]);
  });

  it("answers invalid_request for JSON that is not an object", async () => {
    for (const payload of ["[]", "42", '"open"', "null"]) {
      expect(await request("open_door", payload)).toMatchObject({ status: "error", error: { code: "invalid_request" } });
    }
    expect(calls).toEqual([]);
  });

  it("answers invalid_request naming the failing fields and keeps the transaction", async () => {
    const envelope = await request("open_door", JSON.stringify({ door_id: "", seconds: -1, transaction: "t-2" }));
    expect(envelope).toMatchObject({ status: "error", error: { code: "invalid_request" }, transaction: "t-2" });
    const message = envelope.status === "error" ? envelope.error.message : "";
    expect(message).toContain("door_id");
    expect(message).toContain("seconds");
    expect(message.length).toBeLessThan(200);
    expect(calls).toEqual([]);
  });

  it("answers invalid_request for unknown fields of a strict schema and for a transaction of the wrong type", async () => {
    expect(await request("open_door", '{"door_id":"a","unlock_all":true}')).toMatchObject({ error: { code: "invalid_request" } });
    expect(await request("open_door", '{"door_id":"a","transaction":{"x":1}}')).toMatchObject({
      error: { code: "invalid_request" },
      transaction: null,
    });
    expect(calls).toEqual([]);
  });

  it("answers unknown_request on the response topic of the unknown name", async () => {
    const envelope = await request("no_such_request", '{"transaction":"t-3"}');
    expect(envelope).toMatchObject({ status: "error", error: { code: "unknown_request" }, transaction: "t-3" });
  });

  it("logs a user's refusals once a minute, also when the user comes back under another client id", async () => {
    await request("no_such_request", "{}");
    await client.endAsync();
    const again = await connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 4, reconnectPeriod: 0, username: "op", password: "pw", clientId: "op-client-2" });
    cleanups.push(() => again.endAsync(true));
    client = again;
    await client.subscribeAsync(`${PREFIX}/response/+`);
    expect(await request("no_such_request", "{}")).toMatchObject({ status: "error", error: { code: "unknown_request" } });
    expect(logLines.filter((l) => l["msg"] === "request refused").map((l) => l["clientId"])).toEqual(["op-client"]);
  });

  it("answers too_large for a request above MAX_REQUEST_BYTES without parsing it", async () => {
    const big = JSON.stringify({ door_id: "x".repeat(MAX_REQUEST_BYTES), transaction: "t-4" });
    const envelope = await request("open_door", big);
    expect(envelope).toMatchObject({ status: "error", error: { code: "too_large" }, transaction: null });
    expect(calls).toEqual([]);
  });

  it("too_large answer lost the transaction: it echoes one written among the first bytes, without parsing the rest", async () => {
    const big = `{"transaction":"t-big","door_id":"${"x".repeat(MAX_REQUEST_BYTES)}"}`;
    expect(await request("open_door", big)).toMatchObject({ status: "error", error: { code: "too_large" }, transaction: "t-big" });
    const numbered = `{ "door_id": "${"x".repeat(MAX_REQUEST_BYTES)}", "transaction": 9 }`;
    expect(Buffer.byteLength(numbered)).toBeGreaterThan(MAX_REQUEST_BYTES);
    // Past the first bytes the transaction is not looked for: the payload stays unread.
    expect(await request("open_door", numbered)).toMatchObject({ error: { code: "too_large" }, transaction: null });
    const cut = `{"transaction":17,"door_id":"${"x".repeat(MAX_REQUEST_BYTES)}`;
    expect(await request("open_door", cut)).toMatchObject({ error: { code: "too_large" }, transaction: 17 });
    expect(calls).toEqual([]);
  });

  it("bad_json answer lost the transaction: it echoes one that could be read before the JSON broke", async () => {
    const envelope = await request("open_door", '{"transaction":"t-6","door_id":');
    expect(envelope).toEqual({ status: "error", error: { code: "bad_json", message: expect.any(String) }, transaction: "t-6" });
    expect(calls).toEqual([]);
  });

  it("turns a RequestError into an error envelope with its code", async () => {
    const envelope = await request("refuse", '{"transaction":7}');
    expect(envelope).toEqual({ status: "error", error: { code: "not_permitted", message: "lockdown is active" }, transaction: 7 });
  });

  it("turns any other throw into internal, hides the detail and logs the error", async () => {
    const envelope = await request("crash", '{"transaction":"t-5"}');
    expect(envelope).toEqual({ status: "error", error: { code: "internal", message: "internal error" }, transaction: "t-5" });
    const logged = logLines.find((line) => line["msg"] === "request handler failed");
    expect(logged?.["err"]).toMatchObject({ message: "secret internal detail" });
    expect(await request("open_door", '{"door_id":"still-works"}')).toMatchObject({ status: "ok" });
  });

  it("answers internal when the handler's data cannot be serialised", async () => {
    expect(await request("bigint", "{}")).toMatchObject({ status: "error", error: { code: "internal" } });
  });

  it("refuses invalid and duplicate registrations", () => {
    const handler = { schema: z.object({}), handle: () => null };
    expect(() => router.register("open_door", handler)).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    expect(() => router.register("a/b", handler)).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    expect(() => router.register("+", handler)).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
  });
});

describe("requests whose payload the handler reads", () => {
  it("hand the payload bytes over unparsed, and answer with the transaction the handler read", async () => {
    const ok = await request("raw", "not even json");
    expect(ok).toEqual({ status: "ok", data: { length: 13 }, transaction: "t-read" });
    expect(calls.map((c) => c.data)).toEqual(["not even json"]);
    const refused = await request("raw", "refuse");
    expect(refused).toEqual({ status: "error", error: { code: "not_permitted", message: "no" }, transaction: "t-from-handler" });
  });

  it("are still refused over the size limit without reaching the handler", async () => {
    const answer = await request("raw", "x".repeat(MAX_REQUEST_BYTES + 1));
    expect(answer).toMatchObject({ status: "error", error: { code: "too_large" } });
    const withTransaction = await request("raw", `{"transaction":"t-raw","kind":"snapshot","holders":["${"x".repeat(MAX_REQUEST_BYTES)}"]}`);
    expect(withTransaction).toMatchObject({ status: "error", error: { code: "too_large" }, transaction: "t-raw" });
    expect(calls).toEqual([]);
  });
});
