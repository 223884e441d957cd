import { createHash } from "node:crypto";
import { isAbsolute, resolve } from "node:path";
import type { Catalog } from "../catalog/load.js";
import { digitsKey } from "../core/access.js";
import { credentialKey, decodeBits, keyOfDecoded } from "../core/badge.js";
import type { Cardholder, DoorModel, DoorPart, SiteModel } from "../core/model.js";
import type { BrokerAccount, DeviceModel, RuntimeModel } from "./runtime-model.js";
import type { BadgeConfig, SiteConfig } from "./schema.js";

/** The index key of a configured badge: the same key a read of that badge produces. */
export function badgeConfigKey(badge: BadgeConfig): string {
  if ("digits" in badge) return digitsKey(badge.digits);
  if ("bits" in badge) return keyOfDecoded(decodeBits(badge.bits)) ?? `raw:${badge.bits}`;
  return credentialKey(badge.format, badge.facility, badge.number);
}

function compileDoors(config: SiteConfig): { doors: Map<string, DoorModel>; deviceDoor: SiteModel["deviceDoor"] } {
  const doors = new Map<string, DoorModel>();
  const deviceDoor = new Map<string, { door: string; part: DoorPart }>();
  for (const d of config.doors) {
    const door: DoorModel = Object.freeze({
      id: d.id,
      name: d.name,
      groups: Object.freeze([...d.groups]),
      strikeMs: d.strike_ms,
      heldOpenMs: d.held_open_ms,
      readers: Object.freeze([...d.readers]),
      contact: d.contact ?? null,
      rex: d.rex ?? null,
      lock: d.lock ?? null,
    });
    doors.set(d.id, door);
    for (const r of d.readers) deviceDoor.set(r, { door: d.id, part: "reader" });
    if (d.contact) deviceDoor.set(d.contact, { door: d.id, part: "contact" });
    if (d.rex) deviceDoor.set(d.rex, { door: d.id, part: "rex" });
    if (d.lock) deviceDoor.set(d.lock, { door: d.id, part: "lock" });
  }
  return { doors, deviceDoor };
}

function groupDoors(config: SiteConfig): Map<string, ReadonlySet<string>> {
  const out = new Map<string, ReadonlySet<string>>();
  for (const g of config.access_groups) {
    const doors = new Set(g.doors);
    for (const d of config.doors) if (d.groups.some((x) => g.door_groups.includes(x))) doors.add(d.id);
    out.set(g.id, doors);
  }
  return out;
}

function epochOrNull(iso: string | undefined): number | null {
  return iso === undefined ? null : Date.parse(iso);
}

function compileCredentials(config: SiteConfig): Map<string, Cardholder> {
  const byGroup = groupDoors(config);
  const credentials = new Map<string, Cardholder>();
  for (const h of config.cardholders) {
    const doors = new Set<string>();
    for (const g of h.access_groups) for (const d of byGroup.get(g) ?? []) doors.add(d);
    const holder: Cardholder = Object.freeze({
      id: h.id,
      role: h.role,
      status: h.status,
      validFrom: epochOrNull(h.valid_from),
      validUntil: epochOrNull(h.valid_until),
      doors,
    });
    for (const b of h.badges) credentials.set(badgeConfigKey(b), holder);
  }
  return credentials;
}

function compileDevices(config: SiteConfig, catalog: Catalog): Map<string, DeviceModel> {
  const devices = new Map<string, DeviceModel>();
  for (const d of config.devices) {
    const model = catalog.models.get(d.model);
    if (model === undefined) continue;
    devices.set(
      d.id,
      Object.freeze({
        id: d.id,
        name: d.name ?? d.id,
        kind: model.kind,
        model,
        serial: d.serial ? { path: d.serial.path, baudRate: d.serial.baud_rate ?? null } : null,
        gpio: d.gpio ? { line: d.gpio.line } : null,
        hid: d.hid ? { serialNumber: d.hid.serial_number ?? null } : null,
      }),
    );
  }
  return devices;
}

/**
 * Compile a validated, reference-checked configuration into the runtime model. Relative paths are
 * resolved against the config directory. Nothing downstream reads YAML again.
 */
export function compileSite(
  config: SiteConfig,
  catalog: Catalog,
  configDir: string,
  accounts: readonly BrokerAccount[],
): RuntimeModel {
  const { doors, deviceDoor } = compileDoors(config);
  const core: SiteModel = Object.freeze({
    siteId: config.site.id,
    doors,
    deviceDoor,
    credentials: compileCredentials(config),
  });
  const dir = resolve(configDir);
  return Object.freeze({
    configDir: dir,
    configHash: createHash("sha256").update(JSON.stringify(config)).digest("hex"),
    site: Object.freeze({ ...config.site }),
    broker: Object.freeze({
      host: config.broker.host,
      port: config.broker.port,
      anonymous: config.broker.anonymous,
      accounts: Object.freeze([...accounts]),
    }),
    storagePath: isAbsolute(config.storage.path) ? config.storage.path : resolve(dir, config.storage.path),
    logLevel: config.logging.level,
    devices: compileDevices(config, catalog),
    core,
  });
}
