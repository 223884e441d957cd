import type { BusRole } from "../bus/acl.js";
import type { CatalogModel, DeviceKind } from "../catalog/schema.js";
import type { SiteModel } from "../core/model.js";

/** A configured device joined with its catalog model. */
export interface DeviceModel {
  readonly id: string;
  readonly name: string;
  readonly kind: DeviceKind;
  readonly model: CatalogModel;
  readonly serial: { readonly path: string; readonly baudRate: number | null } | null;
  readonly gpio: { readonly line: number } | null;
  readonly hid: { readonly serialNumber: string | null } | null;
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
    readonly anonymous: "deny" | "viewer";
    readonly accounts: readonly BrokerAccount[];
  };
  /** Absolute path of the SQLite audit store. */
  readonly storagePath: string;
  readonly logLevel: string;
  readonly devices: ReadonlyMap<string, DeviceModel>;
  /** The decision core's part. */
  readonly core: SiteModel;
}
