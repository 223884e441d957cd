import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectAsync, type IClientOptions } from "mqtt";
import { beforeAll, describe, expect, it } from "vitest";
import { siteTopics } from "../../src/bus/topics.js";
import { loadSite } from "../../src/config/load-site.js";
import { BrokerUnit } from "../../src/runtime/components/broker.js";
import type { GatewayContext } from "../../src/runtime/components/parts.js";
import { RetainedStates } from "../../src/uplink/retained.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { siteDir } from "../helpers/site-dir.js";
import { makeTestPki } from "../helpers/test-pki.js";
import { hashedPasswordFile } from "../helpers/password-line.js";

let pem: { ca: string; cert: string; key: string };

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-broker-component-"));
  const pki = makeTestPki(dir);
  pem = { ca: readFileSync(pki.caCert, "utf8"), cert: readFileSync(pki.serverCert, "utf8"), key: readFileSync(pki.serverKey, "utf8") };
  return () => rmSync(dir, { recursive: true, force: true });
});

const cleanups = cleanupsAfterEach();

const YAML = [
  "broker:",
  "  port: 0",
  "  users: [{ username: ops, password_file: secrets/ops.password, role: operator }]",
  "  tls: { port: 0, cert_file: secrets/server.crt, key_file: secrets/server.key }",
  "  websocket: { port: 0, path: /console/mqtt }",
  "",
].join("\n");

describe("the broker component", () => {
  it("opens the TLS and WebSocket listeners the configuration names, behind the same accounts", async () => {
    const files = { "secrets/ops.password": hashedPasswordFile("ops", "ops-secret"), "secrets/server.crt": pem.cert, "secrets/server.key": pem.key };
    const loaded = loadSite({ configDir: siteDir(cleanups, YAML, files) });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const log = silentLogger();
    const ctx = { model: loaded.model, log, topics: siteTopics(loaded.model.site.id), retained: new RetainedStates(log) } as unknown as GatewayContext;
    const component = new BrokerUnit(ctx);
    await component.start();
    cleanups.push(() => component.stop());
    const broker = component.broker;
    const login = (extra: IClientOptions = {}): IClientOptions => ({ protocolVersion: 4, reconnectPeriod: 0, username: "ops", password: "ops-secret", ...extra });
    for (const url of [`mqtts://127.0.0.1:${broker?.tlsPort}`, `ws://127.0.0.1:${broker?.webSocketPort}/console/mqtt`]) {
      const client = await connectAsync(url, login({ ca: pem.ca }));
      cleanups.push(() => client.endAsync(true));
      await expect(connectAsync(url, login({ ca: pem.ca, password: "guess" }))).rejects.toMatchObject({ code: 4 });
    }
    expect(broker?.clientCount()).toBe(2);
  });
});
