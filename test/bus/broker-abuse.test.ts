import { connectAsync } from "mqtt";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { startBroker, type Broker } from "../../src/bus/broker.js";
import { encodePasswordHash, hashPassword } from "../../src/bus/password-hash.js";
import { RequestRouter } from "../../src/bus/requests.js";
import type { Logger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { capturedLog } from "../helpers/log-lines.js";
import { connackOf, connectPacket, rawLogin, rawSocket, type RawOutcome } from "../helpers/raw-mqtt.js";

const PREFIX = "gatehouse/abuse";
const cleanups = cleanupsAfterEach();

/** A broker with hashed accounts op/op-pw (operator) and admin/admin-pw, its log captured. */
async function broker(): Promise<{ b: Broker; log: Logger; lines: Record<string, unknown>[] }> {
  const { log, lines } = capturedLog();
  const users = [
    { username: "op", role: "operator" as const, passwordHash: encodePasswordHash(await hashPassword("op-pw")) },
    { username: "admin", role: "admin" as const, passwordHash: encodePasswordHash(await hashPassword("admin-pw")) },
  ];
  const b = await startBroker({ host: "127.0.0.1", port: 0, prefix: PREFIX, users, anonymous: "viewer", simEnabled: false, log });
  cleanups.push(() => b.close());
  return { b, log, lines };
}

/** How many captured lines carry `msg`. */
const count = (lines: Record<string, unknown>[], msg: string): number => lines.filter((l) => l["msg"] === msg).length;

const login = (username: string, password: string, clientId: string, keepalive = 60): Buffer => connectPacket({ clientId, keepalive, username, password });

/** Run `n` tasks, `parallel` at a time; their results in order. */
async function pooled<T>(n: number, parallel: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(n);
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let i = next++; i < n; i = next++) results[i] = await task(i);
  }));
  return results;
}

describe("the embedded broker under abuse", () => {
  it("throttles a login flood from one address while good users still log in", async () => {
    const { b, lines } = await broker();
    expect(await rawLogin(b.port, login("op", "op-pw", "console"), "127.0.0.2")).toBe(0);
    const flood: RawOutcome[] = [];
    for (let i = 0; i < 300; i++) flood.push(await rawLogin(b.port, login("op", `guess-${i}`, `bot-${i}`)));
    const bad = flood.filter((o) => o === 4).length;
    // A handful are checked (and fail), the rest are refused unchecked with CONNACK 3.
    expect(bad).toBeGreaterThanOrEqual(5);
    expect(bad).toBeLessThan(15);
    expect(flood.filter((o) => o === 3).length).toBe(300 - bad);
    // The flood named op: op still logs in from elsewhere with the password it used before, and so does admin.
    expect(await rawLogin(b.port, login("op", "op-pw", "console"), "127.0.0.2")).toBe(0);
    expect(await rawLogin(b.port, login("admin", "admin-pw", "admin-console"), "127.0.0.3")).toBe(0);
    // The flooding address is refused even with the right password, until its block ends.
    expect(await rawLogin(b.port, login("op", "op-pw", "bot-good"))).toBe(3);
    expect(count(lines, "mqtt authentication failed")).toBe(1);
    expect(count(lines, "mqtt login refused: too many failed logins, throttled")).toBe(1);
  });

  it("answers or drops a burst of 5,000 malformed requests, logs a bounded number of lines, and keeps answering others", async () => {
    const { b, log, lines } = await broker();
    const router = new RequestRouter({ broker: b, prefix: PREFIX, log });
    router.register("ping", { schema: z.strictObject({}), handle: () => ({ pong: true }) });
    router.start();
    const url = `mqtt://127.0.0.1:${b.port}`;
    const bot = await connectAsync(url, { username: "op", password: "op-pw", clientId: "bot", reconnectPeriod: 0 });
    cleanups.push(() => bot.endAsync(true));
    const good = await connectAsync(url, { username: "admin", password: "admin-pw", clientId: "good", reconnectPeriod: 0 });
    cleanups.push(() => good.endAsync(true));
    await good.subscribeAsync(`${PREFIX}/response/ping`);
    const closed = new Promise<void>((resolve) => bot.once("close", () => resolve()));
    for (let i = 0; i < 5000; i++) bot.publish(`${PREFIX}/request/ping`, i % 2 === 0 ? "{not json" : JSON.stringify({ transaction: `t${i}`, extra: "field" }));
    await closed;
    const answered = new Promise<string>((resolve) => good.on("message", (_t, body: Buffer) => {
      const envelope = JSON.parse(body.toString()) as { transaction: unknown; status: string };
      if (envelope.transaction === "ok-1") resolve(envelope.status);
    }));
    await good.publishAsync(`${PREFIX}/request/ping`, JSON.stringify({ transaction: "ok-1" }));
    expect(await answered).toBe("ok");
    expect(b.clientCount()).toBe(1);
    expect(count(lines, "mqtt client publishing too fast, disconnected")).toBe(1);
    // One line per kind of refusal (bad JSON, bad fields), not one per request.
    expect(count(lines, "request refused")).toBe(2);
    expect(lines.length).toBeLessThan(10);
  });

  it("churns 1,000 connections, holds none after, and caps connections per address", async () => {
    const { b, lines } = await broker();
    const outcomes = await pooled(1000, 20, (i) => rawLogin(b.port, login("op", "op-pw", `churn-${i}`)));
    expect(outcomes.every((o) => o === 0)).toBe(true);
    for (let i = 0; i < 100 && b.clientCount() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(b.clientCount()).toBe(0);
    const sockets = await Promise.all(Array.from({ length: 60 }, () => rawSocket(b.port)));
    cleanups.push(() => sockets.forEach((s) => s.destroy()));
    const held = await Promise.all(sockets.map((s, i) => connackOf(s, login("op", "op-pw", `held-${i}`))));
    expect(held.filter((o) => o === 0).length).toBe(50);
    expect(held.filter((o) => o === "closed").length).toBe(10);
    expect(await rawLogin(b.port, login("admin", "admin-pw", "other"), "127.0.0.2")).toBe(0);
    expect(count(lines, "mqtt connection refused: too many connections")).toBe(1);
  }, 120_000);

  it("drops oversized and garbage packets with a bounded log, and still serves", async () => {
    const { b, lines } = await broker();
    const oversized = Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]); // a PUBLISH announcing 256 MB
    const garbage = Buffer.from([0x00, 0x00, 0xff, 0x13, 0x37]); // packet type 0 is reserved
    const outcomes = await pooled(400, 20, async (i) => {
      const socket = await rawSocket(b.port);
      try {
        const first = i % 2 === 0 ? login("op", "op-pw", `big-${i}`) : Buffer.alloc(0);
        return await connackOf(socket, Buffer.concat([first, i % 2 === 0 ? oversized : garbage]));
      } finally {
        socket.destroy();
      }
    });
    expect(outcomes.filter((o) => o === "closed").length).toBeGreaterThanOrEqual(200);
    expect(count(lines, "mqtt packet refused, connection dropped")).toBe(1);
    expect(lines.filter((l) => (l["level"] as number) >= 40).length).toBeLessThan(5);
    expect(await rawLogin(b.port, login("admin", "admin-pw", "after"))).toBe(0);
  });

  it("refuses a keepalive of 0 or above the limit with CONNACK 2, as mosquitto does", async () => {
    const { b } = await broker();
    expect(await rawLogin(b.port, login("op", "op-pw", "k0", 0))).toBe(2);
    expect(await rawLogin(b.port, login("op", "op-pw", "k301", 301))).toBe(2);
    expect(await rawLogin(b.port, login("op", "op-pw", "k300", 300))).toBe(0);
  });
});
