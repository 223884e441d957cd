import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { createServer, type AddressInfo } from "node:net";
import type { IncomingMessage } from "node:http";
import { connectAsync } from "mqtt";
import { describe, expect, it, vi } from "vitest";
import type { Broker, BrokerOptions, BrokerUser } from "../../src/bus/broker.js";
import { startBrokerThread } from "../../src/bus/broker-thread.js";
import { silentLogger } from "../../src/util/log.js";
import { clientFactory, closed, inbox, recordMessages } from "../helpers/broker-clients.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { capturedLog } from "../helpers/log-lines.js";

const PREFIX = "gatehouse/test-site";
const USERS: readonly BrokerUser[] = [
  { username: "view", password: "view-secret", role: "viewer" },
  { username: "officer", password: "officer-secret", role: "officer" },
  { username: "admin", password: "admin-secret", role: "admin" },
];
const BASE: BrokerOptions = { host: "127.0.0.1", port: 0, prefix: PREFIX, users: USERS, anonymous: "deny", simEnabled: false, log: silentLogger() };

const cleanups = cleanupsAfterEach();
const clients = clientFactory(cleanups, USERS);

async function start(overrides: Partial<BrokerOptions> = {}): Promise<Broker> {
  const broker = await startBrokerThread({ ...BASE, ...overrides });
  cleanups.push(() => broker.close());
  return broker;
}

/** Keep this thread busy, as a long decision would, for `ms`. */
function block(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

describe("the broker in a thread of its own", () => {
  it("serves clients while the gateway's thread is busy: logins, CONNACK and retained states go on", async () => {
    const b = await start();
    await b.publish(`${PREFIX}/state/site`, { mode: "lockdown" }, { retain: true });
    // A client connects from a child process of its own, so that this thread's blocking does not stop it.
    const { spawn } = await import("node:child_process");
    const script = `
      const { connectAsync } = require("mqtt");
      (async () => {
        const started = Date.now();
        const c = await connectAsync("mqtt://127.0.0.1:${b.port}", { username: "view", password: "view-secret", reconnectPeriod: 0 });
        c.on("message", (t, p) => { process.stdout.write(JSON.stringify({ t, p: String(p), ms: Date.now() - started }) + "\\n"); c.end(true); });
        c.subscribe("${PREFIX}/state/site");
      })();`;
    const child = spawn(process.execPath, ["-e", script], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the child has started node
    block(3000);
    await once(child, "exit");
    const got = JSON.parse(out.trim()) as { t: string; p: string; ms: number };
    expect(got.t).toBe(`${PREFIX}/state/site`);
    expect(JSON.parse(got.p)).toEqual({ mode: "lockdown" });
    // Served during the block, not after it (the child started before the block began).
    expect(got.ms).toBeLessThan(2500);
  });

  it("hands the gateway's messages to every subscriber in the order they were published", async () => {
    const b = await start();
    const viewer = await clients.connect(b, "view");
    const list = inbox(viewer);
    await viewer.subscribeAsync(`${PREFIX}/#`);
    const sent = Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? { topic: `${PREFIX}/state/site`, n: i } : { topic: `${PREFIX}/event/access`, n: i }));
    await Promise.all(sent.map((m) => b.publish(m.topic, { n: m.n }, { retain: m.topic.includes("/state/") })));
    await vi.waitFor(() => expect(list).toHaveLength(500));
    expect(list.map((m) => (JSON.parse(m.text) as { n: number }).n)).toEqual(sent.map((m) => m.n));
  });

  it("refuses what the broker refuses: a topic outside the site, a payload that is no JSON", async () => {
    const b = await start();
    await expect(b.publish("elsewhere/state", {})).rejects.toMatchObject({ code: "BUS_PAYLOAD" });
    await expect(b.publish(`${PREFIX}/event/x`, 10n)).rejects.toMatchObject({ code: "BUS_PAYLOAD" });
  });

  it("relays clients' messages and refused publishes with who sent them", async () => {
    const b = await start();
    const requests = recordMessages(b, `${PREFIX}/request/#`);
    const refused: { topic: string; username: string | null }[] = [];
    b.onRefused(`${PREFIX}/#`, (topic, _payload, from) => refused.push({ topic, username: from.username }));
    const officer = await clients.connect(b, "officer");
    await officer.publishAsync(`${PREFIX}/request/state`, JSON.stringify({ transaction: 1 }));
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toMatchObject({ topic: `${PREFIX}/request/state`, from: { source: "local", username: "officer", role: "officer" } });
    const viewer = await clients.connect(b, "view");
    const gone = closed(viewer);
    viewer.publish(`${PREFIX}/request/mode`, "{}");
    await gone;
    await vi.waitFor(() => expect(refused).toEqual([{ topic: `${PREFIX}/request/mode`, username: "view" }]));
  });

  it("writes the broker's log lines with the gateway's logger", async () => {
    const { log, lines } = capturedLog();
    const b = await start({ log });
    await expect(connectAsync(`mqtt://127.0.0.1:${b.port}`, { username: "admin", password: "guess", reconnectPeriod: 0 })).rejects.toMatchObject({ code: 4 });
    await vi.waitFor(() => expect(lines.some((l) => l.mod === "bus/broker" && l.msg === "mqtt authentication failed" && l.username === "admin")).toBe(true));
    expect(JSON.stringify(lines)).not.toContain("guess");
  });

  it("fails to start with the broker's own error when its port is taken", async () => {
    const taken = createServer().listen(0, "127.0.0.1");
    await once(taken, "listening");
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    await expect(startBrokerThread({ ...BASE, port: (taken.address() as AddressInfo).port })).rejects.toMatchObject({ code: "BUS_LISTEN" });
  });

  it("ends the sessions of a removed user and refuses its next login, keeping the others", async () => {
    const b = await start();
    const officer = await clients.connect(b, "officer");
    const viewer = await clients.connect(b, "view");
    const ended = b.setUsers(USERS.filter((u) => u.username !== "officer"));
    expect(ended).toEqual(["officer"]);
    expect(b.accounts.roles.has("officer")).toBe(false);
    await closed(officer);
    expect(viewer.connected).toBe(true);
    await expect(clients.connect(b, "officer")).rejects.toMatchObject({ code: 4 });
  });

  it("admits a connection handed over as a vouched user, and closes it when the gateway's side closes", async () => {
    const b = await start();
    const sockets: import("node:net").Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      b.attach(socket, { socket } as unknown as IncomingMessage, { username: "officer", role: "officer" });
    }).listen(0, "127.0.0.1");
    await once(server, "listening");
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const client = await connectAsync(`mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`, { username: "officer", reconnectPeriod: 0 });
    client.on("error", () => undefined);
    const list = inbox(client);
    await client.subscribeAsync(`${PREFIX}/state/#`);
    await b.publish(`${PREFIX}/state/site`, { mode: "secure" }, { retain: true });
    await vi.waitFor(() => expect(list.map((m) => m.topic)).toEqual([`${PREFIX}/state/site`]));
    await vi.waitFor(() => expect(b.clientCount()).toBe(1));
    const gone = closed(client);
    sockets[0]?.destroy();
    await gone;
    await vi.waitFor(() => expect(b.clientCount()).toBe(0));
  });

  it("keeps its thread at normal priority when node's own threads are moved to the idle class", () => {
    // In a process of its own: the probe changes how its whole process is scheduled.
    const file = fileURLToPath(new URL("../helpers/broker-thread-probe.ts", import.meta.url));
    const report = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", file], { encoding: "utf8" })) as Record<"came" | "were", { policy: number }[]>;
    const NORMAL = 0;
    const IDLE = 5;
    // The broker's thread, and with sources the TypeScript loader's, which is moved like node's own.
    expect(report.came.filter((t) => t.policy === NORMAL)).toHaveLength(1);
    expect(report.were.length).toBeGreaterThan(0);
    expect(report.were.every((t) => t.policy === IDLE)).toBe(true);
  });
});
