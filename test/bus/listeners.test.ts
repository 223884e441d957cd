import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as connectTcp, createServer, type AddressInfo } from "node:net";
import { once } from "node:events";
import { connectAsync, type IClientOptions, type MqttClient } from "mqtt";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_PACKET_BYTES, startBroker, type Broker, type BrokerOptions, type BrokerUser, type Identity } from "../../src/bus/broker.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { makeTestPki } from "../helpers/test-pki.js";

const PREFIX = "gatehouse/test-site";
const USERS: readonly BrokerUser[] = [
  { username: "view", password: "view-secret", role: "viewer" },
  { username: "op", password: "op-secret", role: "operator" },
];

const cleanups = cleanupsAfterEach();
let pem: { ca: string; cert: string; key: string; clientCert: string; clientKey: string };

beforeAll(() => {
  // One PKI for the whole file (a few openssl runs); its directory goes when the file is done.
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-listeners-"));
  const pki = makeTestPki(dir);
  const read = (path: string): string => readFileSync(path, "utf8");
  pem = { ca: read(pki.caCert), cert: read(pki.serverCert), key: read(pki.serverKey), clientCert: read(pki.clientCert), clientKey: read(pki.clientKey) };
  return () => rmSync(dir, { recursive: true, force: true });
});

function baseOptions(): BrokerOptions {
  return {
    host: "127.0.0.1",
    port: 0,
    prefix: PREFIX,
    users: USERS,
    anonymous: "deny",
    simEnabled: false,
    tls: { host: "127.0.0.1", port: 0, cert: pem.cert, key: pem.key, ca: null, requireClientCert: false },
    websocket: { host: "127.0.0.1", port: 0, path: "/mqtt" },
    log: silentLogger(),
  };
}

async function start(overrides: Partial<BrokerOptions> = {}): Promise<Broker> {
  const b = await startBroker({ ...baseOptions(), ...overrides });
  cleanups.push(() => b.close());
  return b;
}

/** How to reach each listener with MQTT.js. */
type Way = "tls" | "websocket";

function urlOf(b: Broker, way: Way): string {
  return way === "tls" ? `mqtts://127.0.0.1:${b.tlsPort}` : `ws://127.0.0.1:${b.webSocketPort}/mqtt`;
}

let connected = 0;

/** Connect as `username` with its password unless `extra` gives another; TLS clients trust the test CA. */
async function connect(b: Broker, way: Way, username: string, extra: IClientOptions = {}): Promise<MqttClient> {
  const password = USERS.find((u) => u.username === username)?.password;
  const client = await connectAsync(urlOf(b, way), {
    protocolVersion: 4,
    reconnectPeriod: 0,
    clientId: `${username}-${connected++}`,
    username,
    password,
    ...(way === "tls" ? { ca: pem.ca } : {}),
    ...extra,
  });
  client.on("error", () => undefined);
  cleanups.push(() => client.endAsync(true));
  return client;
}

function recordRequests(b: Broker): { topic: string; from: Identity }[] {
  const list: { topic: string; from: Identity }[] = [];
  b.onMessage(`${PREFIX}/request/+`, (topic, _payload, from) => list.push({ topic, from }));
  return list;
}

for (const way of ["tls", "websocket"] as const) {
  describe(`the ${way} listener`, () => {
    it("refuses a wrong password with CONNACK 4", async () => {
      const b = await start();
      await expect(connect(b, way, "op", { password: "guess" })).rejects.toMatchObject({ code: 4 });
      expect(b.clientCount()).toBe(0);
    });

    it("closes a viewer's connection on a request, and routes an operator's with its identity", async () => {
      const b = await start();
      const requests = recordRequests(b);
      const viewer = await connect(b, way, "view");
      const gone = new Promise<void>((resolve) => viewer.once("close", () => resolve()));
      viewer.publish(`${PREFIX}/request/unlock`, "{}");
      await gone;
      const op = await connect(b, way, "op", { clientId: "console" });
      await op.publishAsync(`${PREFIX}/request/unlock`, "{}");
      await vi.waitFor(() => expect(requests).toHaveLength(1));
      expect(requests[0]).toEqual({
        topic: `${PREFIX}/request/unlock`,
        from: { source: "local", username: "op", role: "operator", clientId: "console" },
      });
    });

    it("drops a connection that sends a packet over the size limit", async () => {
      const b = await start();
      const requests = recordRequests(b);
      const op = await connect(b, way, "op");
      const gone = new Promise<void>((resolve) => op.once("close", () => resolve()));
      op.publish(`${PREFIX}/request/unlock`, Buffer.alloc(MAX_PACKET_BYTES + 1));
      await gone;
      await vi.waitFor(() => expect(b.clientCount()).toBe(0));
      expect(requests).toEqual([]);
    });

    it("delivers the gateway's publishes to its subscribers", async () => {
      const b = await start();
      const viewer = await connect(b, way, "view");
      const got: string[] = [];
      viewer.on("message", (topic, payload) => got.push(`${topic} ${payload.toString()}`));
      await viewer.subscribeAsync(`${PREFIX}/#`);
      await b.publish(`${PREFIX}/status`, { online: true });
      await vi.waitFor(() => expect(got).toEqual([`${PREFIX}/status {"online":true}`]));
    });
  });
}

describe("the tls listener with client certificates", () => {
  async function startRequiring(): Promise<Broker> {
    const tls = { host: "127.0.0.1", port: 0, cert: pem.cert, key: pem.key, ca: pem.ca, requireClientCert: true };
    return start({ tls });
  }

  it("lets in a client whose certificate the CA signed, still checking its password", async () => {
    const b = await startRequiring();
    const withCert = { cert: pem.clientCert, key: pem.clientKey };
    await connect(b, "tls", "op", withCert);
    await expect(connect(b, "tls", "op", { ...withCert, password: "guess" })).rejects.toMatchObject({ code: 4 });
    expect(b.clientCount()).toBe(1);
  });

  it("refuses a client without a certificate before it is counted", async () => {
    const b = await startRequiring();
    await expect(connect(b, "tls", "op")).rejects.toThrow();
    expect(b.clientCount()).toBe(0);
  });
});

describe("listener lifecycle", () => {
  it("answers 400 to a WebSocket upgrade on another path", async () => {
    const b = await start();
    const socket = connectTcp(b.webSocketPort ?? 0, "127.0.0.1");
    await once(socket, "connect");
    socket.write(
      "GET /other HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    const [reply] = (await once(socket, "data")) as [Buffer];
    socket.destroy();
    expect(reply.toString()).toMatch(/^HTTP\/1\.1 400 /);
  });

  it("a taken TLS port fails the start once, naming its setting, and frees the plain port", async () => {
    const taken = createServer();
    taken.listen(0, "127.0.0.1");
    await once(taken, "listening");
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as AddressInfo).port;
    const plain = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const p = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const options = { ...baseOptions(), port: plain, tls: { ...baseOptions().tls!, port } };
    const failure = startBroker(options);
    await expect(failure).rejects.toMatchObject({ code: "BUS_LISTEN" });
    await expect(failure).rejects.toThrow(`mqtt tls listener cannot listen on 127.0.0.1:${port}: the port is taken`);
    await expect(failure).rejects.toThrow("set broker.tls.port");
    const again = await startBroker({ ...options, tls: null });
    cleanups.push(() => again.close());
    expect(again.port).toBe(plain);
  });

  it("closes every listener: their ports refuse connections afterwards", async () => {
    const b = await start();
    await connect(b, "tls", "op");
    await connect(b, "websocket", "view");
    await b.close();
    for (const port of [b.port, b.tlsPort, b.webSocketPort]) {
      const socket = connectTcp(port ?? 0, "127.0.0.1");
      const [err] = (await once(socket, "error")) as [NodeJS.ErrnoException];
      expect(err.code).toBe("ECONNREFUSED");
    }
  });
});
