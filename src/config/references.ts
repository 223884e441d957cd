import type { Catalog } from "../catalog/load.js";
import type { DeviceKind } from "../catalog/schema.js";
import { Findings, type FindingsContext, type Path } from "./findings.js";
import { HolderChecks, type BadgeKeyOf } from "./holder-checks.js";
import type { Locator, Problem } from "../source/problems.js";
import { checkOsdpReferences } from "./references-osdp.js";
import { checkDrillReferences } from "./references-drills.js";
import { checkSafetyReferences } from "./references-safety.js";
import type { SiteConfig } from "./schema.js";
import { didYouMean } from "../util/suggest.js";

/** Device settings that belong to one transport each. */
const PARAM_KEYS = ["serial", "gpio", "hid", "osdp"] as const;

function uniqueIds(f: Findings, section: string, items: readonly { id: string }[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) f.add([section, i, "id"], `duplicate id "${item.id}"`);
    seen.add(item.id);
  });
}

function checkDevices(f: Findings, config: SiteConfig, catalog: Catalog): Map<string, DeviceKind> {
  const kinds = new Map<string, DeviceKind>();
  config.devices.forEach((device, i) => {
    const model = catalog.models.get(device.model);
    if (model === undefined) {
      f.add(["devices", i, "model"], `unknown model "${device.model}" (no devices/${device.model}.yaml)${didYouMean(device.model, catalog.models.keys())}`);
      return;
    }
    kinds.set(device.id, model.kind);
    const wants: string = model.transport.type;
    for (const key of PARAM_KEYS) {
      if (device[key] !== undefined && key !== wants) {
        f.add(["devices", i, key], `model ${device.model} is a ${wants} device; remove "${key}"`);
      }
      if (key === wants && device[key] === undefined) {
        f.add(["devices", i], `model ${device.model} needs "${wants}" settings`);
      }
    }
  });
  return kinds;
}

function checkDoors(f: Findings, config: SiteConfig, kinds: Map<string, DeviceKind>): void {
  const usedBy = new Map<string, string>();
  const ids = new Set(config.devices.map((d) => d.id));
  const use = (path: Path, device: string, kind: DeviceKind, door: string) => {
    const actual = kinds.get(device);
    if (!ids.has(device)) return f.missing(path, "devices", device, ids, `no device "${device}"`);
    if (actual !== undefined && actual !== kind) return f.add(path, `device "${device}" is a ${actual}, not a ${kind}`);
    const other = usedBy.get(device);
    if (other !== undefined) return f.add(path, `device "${device}" already serves door "${other}"`);
    usedBy.set(device, door);
  };
  config.doors.forEach((door, i) => {
    door.readers.forEach((r, j) => use(["doors", i, "readers", j], r, "reader", door.id));
    if (door.contact !== undefined) use(["doors", i, "contact"], door.contact, "contact", door.id);
    if (door.rex !== undefined) use(["doors", i, "rex"], door.rex, "rex", door.id);
    if (door.lock !== undefined) use(["doors", i, "lock"], door.lock, "lock", door.id);
  });
}

function checkAccessGroups(f: Findings, config: SiteConfig): void {
  const doors = new Set(config.doors.map((d) => d.id));
  const doorGroups = new Set(config.doors.flatMap((d) => d.groups));
  config.access_groups.forEach((group, i) => {
    group.doors.forEach((d, j) => {
      if (!doors.has(d)) f.missing(["access_groups", i, "doors", j], "doors", d, doors, `no door "${d}"`);
    });
    group.door_groups.forEach((g, j) => {
      if (!doorGroups.has(g)) f.missing(["access_groups", i, "door_groups", j], "door_groups", g, doorGroups, `no door is in group "${g}"`);
    });
  });
}

/** Every cross-reference problem in a schema-valid configuration: ids, devices, doors, groups, badges. `context` leaves out references to entries that failed their own checks. */
export function checkReferences(
  config: SiteConfig,
  catalog: Catalog,
  locate: Locator,
  badgeKey: BadgeKeyOf,
  context: FindingsContext = {},
): Problem[] {
  const f = new Findings(locate, context);
  uniqueIds(f, "devices", config.devices);
  uniqueIds(f, "doors", config.doors);
  uniqueIds(f, "access_groups", config.access_groups);
  const kinds = checkDevices(f, config, catalog);
  checkDoors(f, config, kinds);
  checkAccessGroups(f, config);
  const holders = new HolderChecks(f, config, badgeKey);
  config.cardholders.forEach((holder, i) => holders.check(holder, i));
  checkSafetyReferences(f, config, kinds);
  checkOsdpReferences(f, config, catalog);
  checkDrillReferences(f, config);
  const users = new Set<string>();
  config.broker.users.forEach((u, i) => {
    if (users.has(u.username)) f.add(["broker", "users", i, "username"], `duplicate user "${u.username}"`);
    users.add(u.username);
  });
  return f.problems;
}
