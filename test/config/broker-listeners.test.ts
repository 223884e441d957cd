import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { loaded, problemsOf } from "../helpers/load-result.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { siteDir } from "../helpers/site-dir.js";
import { makeTestPki } from "../helpers/test-pki.js";

let pem: { ca: string; cert: string; key: string; clientKey: string };

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-listener-config-"));
  const pki = makeTestPki(dir);
  const read = (path: string): string => readFileSync(path, "utf8");
  pem = { ca: read(pki.caCert), cert: read(pki.serverCert), key: read(pki.serverKey), clientKey: read(pki.clientKey) };
  return () => rmSync(dir, { recursive: true, force: true });
});

const cleanups = cleanupsAfterEach();

const TLS_YAML = "broker:\n  tls:\n    port: 8883\n    cert_file: secrets/server.crt\n    key_file: secrets/server.key\n";

describe("broker.tls and broker.websocket", () => {
  it("compile to listeners with the PEM contents read and the host and path defaulted", () => {
    const dir = siteDir(cleanups, `${TLS_YAML}  websocket: { port: 9001 }\n`, { "secrets/server.crt": pem.cert, "secrets/server.key": pem.key });
    const result = loadSite({ configDir: dir });
    const model = loaded(result);
    expect(model.broker.tls).toEqual({ host: "127.0.0.1", port: 8883, cert: pem.cert, key: pem.key, ca: null, requireClientCert: false });
    expect(model.broker.websocket).toEqual({ host: "127.0.0.1", port: 9001, path: "/mqtt" });
    expect(result.warnings).toEqual([]);
  });

  it("reads the client CA when client certificates are required", () => {
    const yaml = `${TLS_YAML}    host: 0.0.0.0\n    ca_file: secrets/clients-ca.crt\n    require_client_cert: true\n`;
    const files = { "secrets/server.crt": pem.cert, "secrets/server.key": pem.key, "secrets/clients-ca.crt": pem.ca };
    const model = loaded(loadSite({ configDir: siteDir(cleanups, yaml, files) }));
    expect(model.broker.tls).toMatchObject({ host: "0.0.0.0", ca: pem.ca, requireClientCert: true });
  });

  it("refuses a missing certificate file, naming the file at its field", () => {
    const dir = siteDir(cleanups, TLS_YAML, { "secrets/server.key": pem.key });
    const site = join(dir, "site.yaml");
    expect(problemsOf(loadSite({ configDir: dir }))).toEqual([
      {
        file: site,
        line: 8,
        col: 5,
        path: "broker.tls.cert_file",
        message: expect.stringMatching(new RegExp(`^cannot read ${join(dir, "secrets/server.crt")}: ENOENT`)) as string,
      },
    ]);
  });

  it("refuses a key that does not belong to the certificate", () => {
    const dir = siteDir(cleanups, TLS_YAML, { "secrets/server.crt": pem.cert, "secrets/server.key": pem.clientKey });
    const [problem, ...rest] = problemsOf(loadSite({ configDir: dir }));
    expect(rest).toEqual([]);
    expect(problem?.path).toBe("broker.tls.cert_file");
    const pair = `certificate ${join(dir, "secrets/server.crt")} and key ${join(dir, "secrets/server.key")} do not load as a pair: `;
    expect(problem?.message.startsWith(pair)).toBe(true);
  });

  it("refuses client certificates without a CA, and a CA without client certificates", () => {
    const files = { "secrets/server.crt": pem.cert, "secrets/server.key": pem.key, "secrets/ca.crt": pem.ca };
    const without = problemsOf(loadSite({ configDir: siteDir(cleanups, `${TLS_YAML}    require_client_cert: true\n`, files) }));
    expect(without.map((p) => [p.path, p.message])).toEqual([
      ["broker.tls.ca_file", "require_client_cert needs the ca_file that signs client certificates"],
    ]);
    const unused = problemsOf(loadSite({ configDir: siteDir(cleanups, `${TLS_YAML}    ca_file: secrets/ca.crt\n`, files) }));
    expect(unused.map((p) => [p.path, p.message])).toEqual([
      ["broker.tls.require_client_cert", "ca_file checks client certificates only with require_client_cert: true"],
    ]);
  });

  it("refuses two listeners on one port and a path that is not an HTTP path", () => {
    const yaml = `${TLS_YAML}    host: 127.0.0.1\n  websocket: { port: 8883, path: mqtt }\n`;
    const dir = siteDir(cleanups, yaml, { "secrets/server.crt": pem.cert, "secrets/server.key": pem.key });
    expect(problemsOf(loadSite({ configDir: dir })).map((p) => [p.path, p.message])).toEqual([
      ["broker.websocket.path", 'must be an HTTP path such as /mqtt, got "mqtt"'],
    ]);
    const clash = siteDir(cleanups, `${TLS_YAML}  websocket: { port: 8883 }\n`, { "secrets/server.crt": pem.cert, "secrets/server.key": pem.key });
    expect(problemsOf(loadSite({ configDir: clash })).map((p) => [p.path, p.message])).toEqual([
      ["broker.websocket.port", "port 8883 is also broker.tls.port; each listener needs its own port"],
    ]);
  });

  it("warns when the private key is readable by others", () => {
    const dir = siteDir(cleanups, TLS_YAML, { "secrets/server.crt": pem.cert, "secrets/server.key": { text: pem.key, mode: 0o644 } });
    const result = loadSite({ configDir: dir });
    const key = join(dir, "secrets/server.key");
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      {
        file: join(dir, "site.yaml"),
        line: 9,
        col: 5,
        path: "broker.tls.key_file",
        message: `key file ${key} is readable by group or others (mode 0644); chmod 600 ${key}`,
      },
    ]);
  });
});
