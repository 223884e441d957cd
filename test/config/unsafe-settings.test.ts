import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { isLoopback } from "../../src/config/unsafe-settings.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { siteDir, type SiteFile } from "../helpers/site-dir.js";
import { hashedPasswordFile } from "../helpers/password-line.js";

const cleanups = cleanupsAfterEach();

/** The warnings of a configuration that loads, as `line:col path: message` with the directory shortened to `<dir>`. */
function warningsOf(yaml: string, files: Readonly<Record<string, SiteFile>> = {}): string[] {
  const dir = siteDir(cleanups, yaml, files);
  const result = loadSite({ configDir: dir });
  if (!result.ok) throw new Error(`expected the config to load, got:\n${JSON.stringify(result.problems, null, 2)}`);
  for (const w of result.warnings) expect(w.file).toBe(join(dir, "site.yaml"));
  return result.warnings.map((w) => `${w.line}:${w.col} ${w.path}: ${w.message.replaceAll(dir, "<dir>")}`);
}

const CLEAR_BROKER = "the MQTT listener on 0.0.0.0 is reachable from the network unencrypted: passwords and door commands cross it in clear text; bind it to 127.0.0.1 and give remote clients broker.tls";
const PASSWORD = { "secrets/ops.password": hashedPasswordFile("ops", "ops-secret") };
const USERS = "  users: [{ username: ops, password_file: secrets/ops.password, role: operator }]\n";

describe("isLoopback", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["localhost", true],
    ["::1", true],
    ["[::1]", true],
    ["::ffff:127.0.0.1", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.168.1.20", false],
    ["gateway.lincoln.example.org", false],
  ])("%s: %s", (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});

describe("unsafe broker settings", () => {
  it("warns about a plain listener and anonymous viewers on every interface", () => {
    expect(warningsOf(`broker:\n  host: 0.0.0.0\n  anonymous: viewer\n${USERS}`, PASSWORD)).toEqual([
      `6:3 broker.host: ${CLEAR_BROKER}`,
      "7:3 broker.anonymous: anonymous: viewer lets anyone who reaches 0.0.0.0 watch every door, alarm and safety mode without a password; set anonymous: deny, or keep every listener on 127.0.0.1",
    ]);
  });

  it("says nothing about a network listener that refuses anonymous clients, once it is encrypted", () => {
    expect(warningsOf(`broker:\n  host: 0.0.0.0\n${USERS}`, PASSWORD)).toEqual([`6:3 broker.host: ${CLEAR_BROKER}`]);
    expect(warningsOf("broker:\n  host: localhost\n  anonymous: viewer\n")).toEqual([]);
    expect(warningsOf("broker:\n  host: '::1'\n  anonymous: viewer\n")).toEqual([]);
  });

  it("counts the TLS and WebSocket listeners' addresses, inherited or their own", () => {
    const yaml = "broker:\n  anonymous: viewer\n  websocket: { port: 9001, host: 192.168.1.20 }\n";
    expect(warningsOf(yaml)).toEqual([
      "6:3 broker.anonymous: anonymous: viewer lets anyone who reaches 192.168.1.20 watch every door, alarm and safety mode without a password; set anonymous: deny, or keep every listener on 127.0.0.1",
      "7:28 broker.websocket.host: the WebSocket listener on 192.168.1.20 is reachable from the network unencrypted: passwords and door commands cross it in clear text; bind it to 127.0.0.1 behind a TLS proxy",
    ]);
    const inherited = warningsOf("broker:\n  host: 0.0.0.0\n  websocket: { port: 9001 }\n");
    expect(inherited).toContain(
      "7:3 broker.websocket: the WebSocket listener on 0.0.0.0 is reachable from the network unencrypted: passwords and door commands cross it in clear text; bind it to 127.0.0.1 behind a TLS proxy",
    );
  });
});

describe("an unsafe district link", () => {
  const uplink = (url: string): string => `uplink:\n  url: ${url}\n`;
  /** The warnings but the one about district command keys, which has tests of its own. */
  const linkWarnings = (yaml: string, files: Readonly<Record<string, SiteFile>> = {}): string[] =>
    warningsOf(yaml, files).filter((w) => !w.includes(" uplink.trusted_keys: "));

  it("warns about a district broker reached in clear text", () => {
    expect(linkWarnings(uplink("mqtt://mqtt.district.example.org:1883"))).toEqual([
      "6:3 uplink.url: the district link to mqtt.district.example.org is unencrypted (mqtt://): the gateway's password, its events and district commands cross the network in clear text; use mqtts://",
    ]);
    expect(linkWarnings(uplink("mqtts://mqtt.district.example.org:8883"))).toEqual([]);
    expect(linkWarnings(uplink("mqtt://127.0.0.1:1883"))).toEqual([]);
  });

  it("warns about a client key that others may read or write", () => {
    const yaml = `${uplink("mqtts://mqtt.district.example.org")}  tls: { cert_file: secrets/gw.crt, key_file: secrets/gw.key }\n`;
    const files = { "secrets/gw.crt": "certificate\n", "secrets/gw.key": { text: "key\n", mode: 0o664 } };
    expect(linkWarnings(yaml, files)).toEqual([
      "7:37 uplink.tls.key_file: key file <dir>/secrets/gw.key is readable and writable by group or others (mode 0664): they may replace the key with their own; chmod 600 <dir>/secrets/gw.key",
    ]);
  });
});

describe("a door that is not egress behind a fail-safe lock", () => {
  const site = (lockModel: string, egress: string): string =>
    `devices:\n  - { id: lk-side, model: ${lockModel} }\ndoors:\n  - id: side\n    name: Side door\n    lock: lk-side\n${egress}`;

  it("is warned about: a fire alarm would leave the maglock locked", () => {
    expect(warningsOf(site("sim/maglock", "    egress: false\n"))).toEqual([
      "11:5 doors.0.egress: door side is not egress but its lock lk-side (sim/maglock) is fail-safe, as on egress paths: a fire alarm will not release it; remove egress: false unless the door is no way out",
    ]);
  });

  it("is not, with a fail-secure strike or the default", () => {
    expect(warningsOf(site("sim/strike", "    egress: false\n"))).toEqual([]);
    expect(warningsOf(site("sim/maglock", ""))).toEqual([]);
  });
});
