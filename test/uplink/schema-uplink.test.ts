import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { UplinkSchema } from "../../src/config/schema-uplink.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const SITE_YAML = "site:\n  id: lincoln-es\n  name: Lincoln\n  timezone: America/Chicago\n";

describe("the uplink section", () => {
  const cleanups = cleanupsAfterEach();
  let dir: string;
  beforeEach(() => {
    dir = tempDir(cleanups, "gatehouse-uplink-config-");
    mkdirSync(join(dir, "secrets"));
  });

  function load(uplinkYaml: string) {
    writeFileSync(join(dir, "site.yaml"), SITE_YAML + uplinkYaml);
    return loadSite({ configDir: dir });
  }

  it("compiles with secrets read from files, a client id from the site id, and defaults", () => {
    writeFileSync(join(dir, "secrets", "district.password"), "s3cret\n");
    writeFileSync(join(dir, "secrets", "ca.pem"), "-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n");
    writeFileSync(join(dir, "secrets", "gw.crt"), "CERT\n");
    writeFileSync(join(dir, "secrets", "gw.key"), "KEY\n");
    const result = load(
      [
        "uplink:",
        "  url: mqtts://mqtt.district.example.org:8883",
        "  protocol_version: 5",
        "  username: gw-lincoln-es",
        "  password_file: secrets/district.password",
        "  tls: { ca_file: secrets/ca.pem, cert_file: secrets/gw.crt, key_file: secrets/gw.key }",
        "",
      ].join("\n"),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.model.uplink).toEqual({
      url: "mqtts://mqtt.district.example.org:8883",
      protocolVersion: 5,
      clientId: "gatehouse-lincoln-es",
      username: "gw-lincoln-es",
      password: "s3cret",
      tls: { ca: "-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n", cert: "CERT\n", key: "KEY\n" },
      keepaliveS: 30,
      sessionExpiryS: 604_800,
      reconnect: { minMs: 1000, maxMs: 60_000 },
      window: 100,
      maxBacklogEvents: 500_000,
      commands: { trustedKeys: [], requireSigned: true, windowMs: 120_000 },
    });
  });

  it("is optional: without it the model has no uplink", () => {
    const result = load("");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.model.uplink).toBeNull();
  });

  it("names the field of an unreadable secret file", () => {
    const result = load("uplink:\n  url: mqtt://127.0.0.1:1883\n  username: gw\n  password_file: secrets/missing.password\n");
    expect(result.ok).toBe(false);
    expect(result.problems).toMatchObject([{ path: "uplink.password_file", line: 8, message: expect.stringMatching(/missing\.password/) }]);
  });

  it.each([
    [{ url: "http://district.example.org" }, "url"],
    [{ url: "mqtt://d", password_file: "p" }, "username"],
    [{ url: "mqtt://d", tls: { ca_file: "ca.pem" } }, "url"],
    [{ url: "mqtts://d", tls: { cert_file: "c.crt" } }, "tls"],
    [{ url: "mqtts://d", reconnect: { min_ms: 5000, max_ms: 1000 } }, "reconnect"],
    [{ url: "mqtt://d", password: "inline-secret" }, ""],
    [{ url: "mqtt://d", protocol_version: 3 }, "protocol_version"],
  ])("refuses %j (problem at %s)", (section, path) => {
    const parsed = UplinkSchema.safeParse(section);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });
});
