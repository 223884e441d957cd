import type { AnonymousAccess, BusRole } from "../bus/acl.js";
import type { TlsListenerOptions, WebSocketListenerOptions } from "../bus/listeners.js";
import type { BrokerLimits } from "../bus/limits.js";
import type { CatalogModel, DeviceKind } from "../catalog/schema.js";
import type { SiteModel } from "../core/model.js";
import type { DrillsModel } from "../drills/drills-model.js";
import type { DeviceSettings } from "./device-settings.js";
import type { AlarmPolicy } from "./schema-alarms.js";
import type { IncidentsModel } from "./schema-incidents.js";
import type { OccupancyModel } from "./schema-occupancy.js";
import type { RetentionModel } from "./schema-retention.js";
import type { UplinkModel } from "./schema-uplink.js";
import type { ReaderFeedbackParams } from "./schema-reader-feedback.js";
import type { VisitorsModel } from "./compile-visitors.js";
import type { ConsoleModel } from "./schema-console.js";

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
  /** A serial or USB reader's LED and beeper GPIO lines (site config `feedback`); absent: none. */
  readonly feedbackLines?: ReaderFeedbackParams;
}

/**
 * A broker account with its password read from its file: the hash a mosquitto password file holds
 * for it, or, in a demo only, the password itself.
 */
export type BrokerAccount = { readonly username: string; readonly role: BusRole } & ({ readonly passwordHash: string } | { readonly password: string });

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
    /** The MQTT-over-TLS listener (`broker.tls`), its PEM files read; absent without one. */
    readonly tls?: TlsListenerOptions;
    /** The MQTT-over-WebSocket listener (`broker.websocket`); absent without one. */
    readonly websocket?: WebSocketListenerOptions;
  };
  /** What the embedded broker allows its clients (`broker.limits`). */
  readonly brokerLimits: BrokerLimits;
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
  /** How alarms are prioritised, latched and escalated; absent: the defaults of schema-alarms.ts. */
  readonly alarms?: AlarmPolicy;
  /** The front desk's destinations and pass cards; absent or null when the site has no `visitors` section. */
  readonly visitors?: VisitorsModel | null;
  /** How long closed incidents are kept; absent: as `incidents` and `storage.retention` say. */
  readonly incidents?: IncidentsModel;
  /** Who is in the building and the roll call (`occupancy`); absent: visitors only, no assembly points. */
  readonly occupancy?: OccupancyModel;
  /** Drill requirements and school years (`drills`); absent or null: drills are recorded, compliance is not tracked. */
  readonly drills?: DrillsModel | null;
  /** The web console (`console`); absent or null when the site serves none. */
  readonly console?: ConsoleModel | null;
}
