import type { Catalog } from "../catalog/load.js";
import type { DeviceKind } from "../catalog/schema.js";
import { Findings, type FindingsContext, type Path } from "./findings.js";
import { HolderChecks, type BadgeKeyOf } from "./holder-checks.js";
import type { Locator, Problem } from "../source/problems.js";
import { checkFailedReferences, type FailedEntries } from "./references-failed.js";
import { checkOccupancyReferences } from "./references-occupancy.js";
import { checkOsdpReferences } from "./references-osdp.js";
import { checkDrillReferences } from "./references-drills.js";
import { checkSafetyReferences } from "./references-safety.js";
import { checkVisitorReferences } from "./references-visitors.js";
import { checkWiring } from "./references-wiring.js";
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

/** A door's references as the checks read them: a failed entry's salvaged fields may lack any of them. */
export interface DoorRefs {
  readonly id?: string;
  readonly readers?: readonly string[];
  readonly contact?: string | undefined;
  readonly rex?: string | undefined;
  readonly lock?: string | undefined;
}

/** An access group's references, as DoorRefs. */
export interface GroupRefs {
  readonly doors?: readonly string[];
  readonly door_groups?: readonly string[];
}

/** The devices doors name: each must exist, be of the kind its place wants, and serve one door. */
export class DoorDevices {
  private readonly usedBy = new Map<string, string>();
  private readonly ids: Set<string>;

  constructor(
    config: SiteConfig,
    private readonly kinds: ReadonlyMap<string, DeviceKind>,
  ) {
    this.ids = new Set(config.devices.map((d) => d.id));
  }

  /** Check the devices of the door at `at` (its path, reported through `f`). */
  check(f: Findings, at: Path, door: DoorRefs): void {
    door.readers?.forEach((r, j) => this.use(f, [...at, "readers", j], r, "reader", door.id));
    if (door.contact !== undefined) this.use(f, [...at, "contact"], door.contact, "contact", door.id);
    if (door.rex !== undefined) this.use(f, [...at, "rex"], door.rex, "rex", door.id);
    if (door.lock !== undefined) this.use(f, [...at, "lock"], door.lock, "lock", door.id);
  }

  private use(f: Findings, path: Path, device: string, kind: DeviceKind, door: string | undefined): void {
    const actual = this.kinds.get(device);
    if (!this.ids.has(device)) return f.missing(path, "devices", device, this.ids, `no device "${device}"`);
    if (actual !== undefined && actual !== kind) return f.add(path, `device "${device}" is a ${actual}, not a ${kind}`);
    const other = this.usedBy.get(device);
    if (other !== undefined) return f.add(path, `device "${device}" already serves door "${other}"`);
    if (door !== undefined) this.usedBy.set(device, door);
  }
}

/** The doors and door groups access groups name. */
export class GroupDoors {
  private readonly doors: Set<string>;
  private readonly doorGroups: Set<string>;

  constructor(config: SiteConfig) {
    this.doors = new Set(config.doors.map((d) => d.id));
    this.doorGroups = new Set(config.doors.flatMap((d) => d.groups));
  }

  /** Check the doors of the access group at `at`. */
  check(f: Findings, at: Path, group: GroupRefs): void {
    group.doors?.forEach((d, j) => {
      if (!this.doors.has(d)) f.missing([...at, "doors", j], "doors", d, this.doors, `no door "${d}"`);
    });
    group.door_groups?.forEach((g, j) => {
      if (!this.doorGroups.has(g)) f.missing([...at, "door_groups", j], "door_groups", g, this.doorGroups, `no door is in group "${g}"`);
    });
  }
}

/**
 * Every cross-reference problem in a schema-valid configuration: ids, devices, doors, groups, badges.
 * `context` leaves out references to entries that failed their own checks; the references those
 * entries make in fields that passed are checked too, so one run reports both kinds of mistake.
 */
export function checkReferences(
  config: SiteConfig,
  catalog: Catalog,
  locate: Locator,
  badgeKey: BadgeKeyOf,
  context: FindingsContext = {},
  /** Entries that failed their schema, for the references in the fields that passed it. */
  failed: FailedEntries = new Map(),
): Problem[] {
  const f = new Findings(locate, context);
  uniqueIds(f, "devices", config.devices);
  uniqueIds(f, "doors", config.doors);
  uniqueIds(f, "access_groups", config.access_groups);
  const kinds = checkDevices(f, config, catalog);
  checkWiring(f, config);
  const devices = new DoorDevices(config, kinds);
  config.doors.forEach((door, i) => devices.check(f, ["doors", i], door));
  const groupDoors = new GroupDoors(config);
  config.access_groups.forEach((group, i) => groupDoors.check(f, ["access_groups", i], group));
  const holders = new HolderChecks(f, config, badgeKey);
  config.cardholders.forEach((holder, i) => holders.check(holder, i));
  checkSafetyReferences(f, config, kinds);
  checkOsdpReferences(f, config, catalog);
  checkVisitorReferences(f, config, badgeKey);
  const failedProblems = checkFailedReferences(failed, config, { devices, groupDoors }, locate, context);
  checkOccupancyReferences(f, config, kinds);
  checkDrillReferences(f, config);
  const users = new Set<string>();
  config.broker.users.forEach((u, i) => {
    if (users.has(u.username)) f.add(["broker", "users", i, "username"], `duplicate user "${u.username}"`);
    users.add(u.username);
  });
  return [...f.problems, ...failedProblems];
}
