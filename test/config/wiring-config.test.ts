import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

/** A site whose devices are `devices` (YAML flow lines), with one door on the first three. */
function siteWith(dir: string, devices: readonly string[]): string {
  const config = join(dir, "config");
  mkdirSync(config, { recursive: true });
  const lines = [
    "site: { id: wiring-es, name: Wiring School, timezone: America/Chicago }",
    "broker: { host: 127.0.0.1, port: 0, anonymous: viewer }",
    `storage: { path: ${join(dir, "audit.db")} }`,
    "devices:",
    ...devices.map((d) => `  - ${d}`),
    "doors:",
    "  - { id: cafe, name: Cafeteria, readers: [rdr-cafe], contact: dc-cafe, lock: lk-cafe }",
  ];
  writeFileSync(join(config, "site.yaml"), `${lines.join("\n")}\n`);
  return config;
}

const READER = '{ id: rdr-cafe, model: generic/ascii-card-reader, serial: { path: "/dev/serial/by-id/usb-reader-a" } }';

describe("one wire, one device", () => {
  const cleanups = cleanupsAfterEach();
  const problems = (devices: readonly string[]) => {
    const loaded = loadSite({ configDir: siteWith(tempDir(cleanups, "wiring-"), devices) });
    return loaded.problems.map((p) => [p.path, p.message]);
  };

  it("refuses a GPIO line wired to two devices: a relay output on a fire input's line would drive it", () => {
    expect(
      problems([
        READER,
        "{ id: dc-cafe, model: generic/gpio-door-contact, gpio: { line: 17 } }",
        "{ id: lk-cafe, model: generic/gpio-strike-relay, gpio: { line: 17 } }",
        "{ id: fire-panel, model: generic/gpio-fire-alarm-relay, gpio: { line: 17 } }",
      ]),
    ).toEqual([
      ["devices.2.gpio.line", 'GPIO line 17 is already device "dc-cafe"\'s: one device per line'],
      ["devices.3.gpio.line", 'GPIO line 17 is already device "dc-cafe"\'s: one device per line'],
    ]);
    expect(problems([READER, "{ id: dc-cafe, model: generic/gpio-door-contact, gpio: { line: 17 } }", "{ id: lk-cafe, model: generic/gpio-strike-relay, gpio: { line: 27 } }"])).toEqual([]);
  });

  it("refuses a serial port given to two devices, or to a device and an OSDP bus, however its path is written", () => {
    const dir = tempDir(cleanups, "wiring-ports-");
    const tty = join(dir, "ttyUSB0");
    writeFileSync(tty, "");
    const byId = join(dir, "usb-FTDI-if00");
    symlinkSync(tty, byId);
    const contact = "{ id: dc-cafe, model: generic/gpio-door-contact, gpio: { line: 17 } }";
    const lock = "{ id: lk-cafe, model: generic/gpio-strike-relay, gpio: { line: 27 } }";
    const reader = (path: string) => `{ id: rdr-cafe, model: generic/ascii-card-reader, serial: { path: "${path}" } }`;
    expect(problems([reader(tty), contact, lock, `{ id: wtmd, model: generic/wtmd-serial-text, serial: { path: "${tty}" } }`])).toEqual([
      ["devices.3.serial.path", `${tty} is already device "rdr-cafe"'s: one serial port per device or OSDP bus, named the same way by all its readers`],
    ]);
    expect(problems([reader(byId), contact, lock, `{ id: rdr-gym, model: generic/osdp-reader, osdp: { port: "${tty}", address: 0 } }`])).toEqual([
      ["devices.3.osdp.port", `${tty} (the same port as ${byId}) is already device "rdr-cafe"'s: one serial port per device or OSDP bus, named the same way by all its readers`],
    ]);
    // Readers of one bus share its port; two names of it are two buses on one wire.
    const osdp = (id: string, port: string, address: number) => `{ id: ${id}, model: generic/osdp-reader, osdp: { port: "${port}", address: ${address} } }`;
    expect(problems([osdp("rdr-cafe", tty, 0), contact, lock, osdp("rdr-gym", tty, 1)])).toEqual([]);
    expect(problems([osdp("rdr-cafe", byId, 0), contact, lock, osdp("rdr-gym", tty, 1)])).toEqual([
      ["devices.3.osdp.port", `${tty} (the same port as ${byId}) is already the OSDP bus on ${byId}'s: one serial port per device or OSDP bus, named the same way by all its readers`],
    ]);
  });

  it("refuses a baud rate no port runs at", () => {
    const contact = "{ id: dc-cafe, model: generic/gpio-door-contact, gpio: { line: 17 } }";
    const lock = "{ id: lk-cafe, model: generic/gpio-strike-relay, gpio: { line: 27 } }";
    expect(problems(['{ id: rdr-cafe, model: generic/ascii-card-reader, serial: { path: "/dev/ttyUSB0", baud_rate: 96000 } }', contact, lock])).toEqual([
      ["devices.0.serial.baud_rate", expect.stringContaining("must be a standard rate: 1200, 2400")],
    ]);
  });
});
