import type { AnonymousAccess, BusRole } from "../bus/acl.js";
import type { CatalogModel, DeviceKind } from "../catalog/schema.js";
import type { SiteModel } from "../core/model.js";
import type { UplinkModel } from "./schema-uplink.js";

/** A configured device joined with its catalog model. */
export interface DeviceModel {
  readonly id: string;
  readonly name: string;
  readonly kind: DeviceKind;
  readonly model: CatalogModel;
  readonly serial: { readonly path: string; readonly baudRate: number | null } | null;
  /** BCM line, and a debounce (ms) overriding the model's when set. */
  readonly gpio: { readonly line: number; readonly debounceMs: number | null } | null;
  /** Serial number to pick, and USB ids overriding the model's when set. */
  readonly hid: {
    readonly serialNumber: string | null;
    readonly vendorId: number | null;
    readonly productId: number | null;
  } | null;
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
  readonly logLevel: string;
  readonly devices: ReadonlyMap<string, DeviceModel>;
  /** The decision core's part. */
  readonly core: SiteModel;
  /** The district uplink; absent or null when the site has no `uplink` section. */
  readonly uplink?: UplinkModel | null;
}
