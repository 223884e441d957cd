import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import type { UplinkModel } from "../../src/config/schema-uplink.js";
import { silentLogger } from "../../src/util/log.js";
import { DistrictLink } from "../../src/uplink/connection.js";
import { startMosquitto, type MosquittoOptions } from "../helpers/mosquitto.js";
import { makeTestPki, type TestPki } from "../helpers/test-pki.js";
import { recordingTimers, routine, testUplinkModel, uplinkHarness } from "../helpers/uplink-harness.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Prefix of the temp dirs this suite makes (a mosquitto's config and store, a PKI). */
const PREFIX = "gatehouse-secure-";
const SITE_YAML = "site:\n  id: lincoln-es\n  name: Lincoln\n  timezone: America/Chicago\n";

describe("a secured district mosquitto", () => {
  const cleanups = cleanupsAfterEach();

  async function mosquitto(opts: MosquittoOptions): Promise<string> {
    const dir = tempDir(cleanups, PREFIX);
    const m = await startMosquitto(dir, opts);
    cleanups.push(() => m.stop());
    return m.url;
  }

  /** The uplink model as `gatehouse check` would compile it from a config directory. */
  function compiled(uplinkYaml: string, secrets: Record<string, string> = {}): UplinkModel {
    const dir = tempDir(cleanups, PREFIX);
    mkdirSync(join(dir, "secrets"));
    for (const [name, text] of Object.entries(secrets)) writeFileSync(join(dir, "secrets", name), text);
    writeFileSync(join(dir, "site.yaml"), `${SITE_YAML}uplink:\n${uplinkYaml}`);
    const result = loadSite({ configDir: dir });
    if (!result.ok || result.model.uplink == null) throw new Error(`config refused: ${JSON.stringify(result.problems)}`);
    return { ...result.model.uplink, reconnect: { minMs: 20, maxMs: 100 } };
  }

  /** Start the uplink and wait until the broker acknowledged one event. */
  async function delivers(model: UplinkModel): Promise<void> {
    const h = uplinkHarness(model);
    cleanups.push(() => h.dispose());
    h.uplink.start();
    h.record([routine(1)]);
    await vi.waitFor(() => expect(h.uplink.ackedSeq).toBe(1), 10_000);
  }

  /** Start a bare link and check it is refused on three attempts in a row. */
  async function refused(model: UplinkModel): Promise<void> {
    const timers = recordingTimers();
    let ups = 0;
    const handlers = { onUp: () => void ups++, onDown: () => undefined, onMessage: () => undefined };
    const link = new DistrictLink(model, { topic: "gatehouse/lincoln-es/status", payload: "{}" }, handlers, timers, silentLogger());
    cleanups.push(() => link.stop());
    link.start();
    await vi.waitFor(() => expect(timers.delays.length).toBeGreaterThanOrEqual(3), 10_000);
    expect(ups).toBe(0);
  }

  function tlsListener(pki: TestPki): string[] {
    return [`cafile ${pki.caCert}`, `certfile ${pki.serverCert}`, `keyfile ${pki.serverKey}`, "require_certificate true", "use_identity_as_username true"];
  }

  it("delivers over mutual TLS with the CA, certificate and key files named in the config", async () => {
    const pki = makeTestPki(tempDir(cleanups, PREFIX));
    const url = await mosquitto({ listener: tlsListener(pki) });
    const read = (f: string): string => readFileSync(f, "utf8");
    const model = compiled(
      `  url: ${url}\n  tls: { ca_file: secrets/ca.pem, cert_file: secrets/gw.crt, key_file: secrets/gw.key }\n`,
      { "ca.pem": read(pki.caCert), "gw.crt": read(pki.clientCert), "gw.key": read(pki.clientKey) },
    );
    await delivers(model);
  });

  it("refuses a broker whose certificate the configured CA did not sign, and is refused without a client certificate", async () => {
    const pki = makeTestPki(tempDir(cleanups, PREFIX));
    const url = await mosquitto({ listener: tlsListener(pki) });
    const read = (f: string): string => readFileSync(f, "utf8");
    const good = { ca: read(pki.caCert), cert: read(pki.clientCert), key: read(pki.clientKey) };
    await refused(testUplinkModel(url, { tls: { ...good, ca: read(pki.otherCaCert) } }));
    await refused(testUplinkModel(url, { tls: { ...good, cert: null, key: null } }));
  });

  it("logs in with the password read from password_file, and is refused with a wrong one", async () => {
    const dir = tempDir(cleanups, PREFIX);
    const passwords = join(dir, "passwd");
    execFileSync("mosquitto_passwd", ["-c", "-b", passwords, "gw-lincoln-es", "district-pw"], { stdio: "ignore" });
    const url = await mosquitto({ anonymous: false, listener: [`password_file ${passwords}`] });
    const model = compiled(`  url: ${url}\n  username: gw-lincoln-es\n  password_file: secrets/district.password\n`, {
      "district.password": "district-pw\n",
    });
    expect(model.password).toBe("district-pw");
    await delivers(model);
    await refused({ ...model, password: "wrong" });
  });
});
