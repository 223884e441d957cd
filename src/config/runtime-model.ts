import type { AnonymousAccess, BusRole } from "../bus/acl.js";
import type { CatalogModel, DeviceKind } from "../catalog/schema.js";
import type { SiteModel } from "../core/model.js";
import type { DeviceSettings } from "./device-settings.js";
import type { RetentionModel } from "./schema-retention.js";
import type { UplinkModel } from "./schema-uplink.js";

/** A configured device joined with its catalog model. */
export interface DeviceModel {
  readonly id: string;
  readonly name: string;
  readonly kind: DeviceKind;
  readonly model: CatalogModel;
  /** Transport settings with the site's overrides applied (see device-settings.ts). */
  readonly settings: DeviceSettings;
  /** How a lock fails without power; null for every other kind. */
  readonly failMode: "safe" | "secure" | null;
}

/** A broker account with its password already read from its file. */
export interface BrokerAccount {
  readonly username: string;
  readonly password: string;
  readonly role: BusRole;
}

/** Everything the gateway runs on, compiled once from the config directory and the catalog. Immutable. */
export interface RuntimeModel {
  readonly configDir: string;
  /** sha256 of the validated configuration, so the district can tell which version a gateway runs. */
  readonly configHash: string;
  readonly site: { readonly id: string; readonly name: string; readonly timezone: string };
  readonly broker: {
    readonly host: string;
    readonly port: number;
    readonly anonymous: AnonymousAccess;
    readonly accounts: readonly BrokerAccount[];
  };
  /** Absolute path of the SQLite audit store. */
  readonly storagePath: string;
  /** How much of the audit log is kept (`storage.retention`); absent or null: everything. */
  readonly retention?: RetentionModel | null;
  readonly logLevel: string;
  readonly devices: ReadonlyMap<string, DeviceModel>;
  /** The decision core's part. */
  readonly core: SiteModel;
  /** The district uplink; absent or null when the site has no `uplink` section. */
  readonly uplink?: UplinkModel | null;
}
