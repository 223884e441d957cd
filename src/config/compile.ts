import { isAbsolute, resolve } from "node:path";
import type { Catalog } from "../catalog/load.js";
import { credentialKey, decodeBits, keyOfDecoded } from "../core/badge.js";
import type { DoorModel, DoorPart, SiteModel } from "../core/model.js";
import { ScheduleBook } from "../core/schedule.js";
import { compileAccess, type CompiledAccess } from "./compile-access.js";
import { configHash } from "./config-hash.js";
import { resolveFailMode, resolveSettings } from "./device-settings.js";
import { osdpSiteParams } from "./osdp-settings.js";
import { compileSafety } from "./compile-safety.js";
import { compileVisitors } from "./compile-visitors.js";
import type { BrokerAccount, DeviceModel, RuntimeModel } from "./runtime-model.js";
import { NO_LISTENERS, type BrokerListeners } from "./schema-listeners.js";
import { compileAlarms } from "./schema-alarms.js";
import { compileIncidents } from "./schema-incidents.js";
import { compileOccupancy } from "./schema-occupancy.js";
import { compileDrills } from "../drills/drills-model.js";
import { compileBrokerLimits } from "./schema-broker-limits.js";
import { compileRetention } from "./schema-retention.js";
import type { UplinkModel } from "./schema-uplink.js";
import type { BadgeConfig, SiteConfig } from "./schema.js";

/** A configured badge as one comparable string: the same badge twice gives the same key. */
export function badgeConfigKey(badge: BadgeConfig): string {
  if ("digits" in badge) return `digits:${badge.digits.replace(/^0+(?=\d)/, "")}`;
  if ("bits" in badge) return keyOfDecoded(decodeBits(badge.bits)) ?? `raw:${badge.bits}`;
  return credentialKey(badge.format, badge.facility, badge.number);
}

function compileDoors(config: SiteConfig, catalog: Catalog): { doors: Map<string, DoorModel>; deviceDoor: SiteModel["deviceDoor"] } {
  const doors = new Map<string, DoorModel>();
  const deviceDoor = new Map<string, { door: string; part: DoorPart }>();
  const modelIds = new Map(config.devices.map((d) => [d.id, d.model]));
  const modelOf = (device: string | undefined) => catalog.models.get(modelIds.get(device ?? "") ?? "");
  for (const d of config.doors) {
    const door: DoorModel = Object.freeze({
      id: d.id,
      index: doors.size,
      name: d.name,
      groups: Object.freeze([...d.groups]),
      strikeMs: d.strike_ms,
      extendedStrikeMs: Math.max(d.extended_strike_ms, d.strike_ms),
      heldOpenMs: d.held_open_ms,
      heldOpenWarningMs: Math.min(d.held_open_warning_ms, d.held_open_ms),
      readers: Object.freeze([...d.readers]),
      contact: d.contact ?? null,
      rex: d.rex ?? null,
      lock: d.lock ?? null,
      egress: d.egress ?? modelOf(d.lock)?.fail_mode === "safe",
      unlockSchedule: d.unlock_schedule ?? null,
      cardAndPin: d.card_and_pin,
    });
    doors.set(d.id, door);
    for (const r of d.readers) deviceDoor.set(r, { door: d.id, part: "reader" });
    if (d.contact) deviceDoor.set(d.contact, { door: d.id, part: "contact" });
    if (d.rex) deviceDoor.set(d.rex, { door: d.id, part: "rex" });
    if (d.lock) deviceDoor.set(d.lock, { door: d.id, part: "lock" });
  }
  return { doors, deviceDoor };
}

/**
 * The decision core's model of the site; its cardholders from `access` when they were compiled one at
 * a time as they were checked, else from `config.cardholders`. Throws RangeError on schedules the core rejects.
 */
export function compileCore(config: SiteConfig, catalog: Catalog, devices: ReadonlyMap<string, DeviceModel>, access?: CompiledAccess): SiteModel {
  const { doors, deviceDoor } = compileDoors(config, catalog);
  const deviceLocation = new Map(config.devices.map((d) => [d.id, d.location ?? d.name ?? d.id]));
  const ofKind = (...kinds: string[]) => [...devices.values()].filter((d) => kinds.includes(d.kind)).map((d) => d.id);
  const signals = ofKind("strobe", "sounder");
  const { credentials, profiles, accessGroups, profileGroups } = access ?? compileAccess(config);
  return Object.freeze({
    siteId: config.site.id,
    doors,
    deviceDoor,
    deviceLocation,
    fireInputs: new Set(ofKind("fire_alarm")),
    credentials,
    profiles,
    accessGroups,
    profileGroups,
    schedules: new ScheduleBook(config.site.timezone, config.schedules, config.calendar),
    safety: compileSafety(config.safety, doors, { signals, panics: ofKind("panic") }, (id) => deviceLocation.get(id) ?? id),
    areas: config.areas.map((a) => ({ id: a.id, passback: a.passback, entry: new Set(a.entry), exit: new Set(a.exit) })),
    lockout: {
      threshold: config.readers.lockout.threshold,
      blockMs: config.readers.lockout.block_ms,
      maxBlockMs: Math.max(config.readers.lockout.max_block_ms, config.readers.lockout.block_ms),
    },
    pinTimeoutMs: config.readers.pin_timeout_ms,
  });
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
        settings: resolveSettings(model, {
          serial: d.serial ? { path: d.serial.path, baudRate: d.serial.baud_rate } : null,
          gpio: d.gpio ? { line: d.gpio.line, debounceMs: d.gpio.debounce_ms } : null,
          hid: d.hid ? { serialNumber: d.hid.serial_number, vendorId: d.hid.vendor_id, productId: d.hid.product_id } : null,
          osdp: d.osdp ? osdpSiteParams(d.osdp, config.osdp) : null,
        }),
        failMode: resolveFailMode(model),
        ...(d.feedback === undefined ? {} : { feedbackLines: d.feedback }),
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
  /** The uplink compiled by `compileUplink` (its secret files already read). */
  uplink: UplinkModel | null = null,
  /** The audit store's absolute path (checked against the data directory); default: storage.path against configDir. */
  storagePath?: string,
  /** The cardholders compiled as they were checked, and the hash of the configuration with them (see holders.ts). */
  holders?: { readonly access: CompiledAccess; readonly configHash: string },
  /** The broker's TLS and WebSocket listeners compiled by `compileListeners` (their files already read). */
  listeners: BrokerListeners = NO_LISTENERS,
): RuntimeModel {
  const devices = compileDevices(config, catalog);
  const core = compileCore(config, catalog, devices, holders?.access);
  const dir = resolve(configDir);
  return Object.freeze({
    configDir: dir,
    configHash: holders?.configHash ?? configHash(config),
    site: Object.freeze({ ...config.site }),
    broker: Object.freeze({
      host: config.broker.host,
      port: config.broker.port,
      anonymous: config.broker.anonymous,
      accounts: Object.freeze([...accounts]),
      ...listeners,
    }),
    brokerLimits: Object.freeze(compileBrokerLimits(config.broker.limits)),
    storagePath: storagePath ?? (isAbsolute(config.storage.path) ? config.storage.path : resolve(dir, config.storage.path)),
    retention: compileRetention(config.storage.retention),
    logLevel: config.logging.level,
    devices,
    core,
    uplink,
    alarms: compileAlarms(config.alarms),
    visitors: compileVisitors(config),
    incidents: compileIncidents(config.incidents, config.storage.retention),
    occupancy: compileOccupancy(config.occupancy),
    drills: config.drills === undefined ? null : compileDrills(config.drills, config.site.timezone),
  });
}
