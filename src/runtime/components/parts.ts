import type { AlarmService } from "../../alarms/alarm-service.js";
import type { IncidentBook } from "../../incidents/incident-book.js";
import type { ComplianceWatch } from "../../drills/compliance-watch.js";
import type { DrillService } from "../../drills/drill-service.js";
import type { Broker } from "../../bus/broker.js";
import type { RequestRouter } from "../../bus/requests.js";
import type { SiteTopics } from "../../bus/topics.js";
import type { RuntimeModel } from "../../config/runtime-model.js";
import type { CredentialSync } from "../../credentials/credential-sync.js";
import type { WatchlistSync } from "../../screening/watchlist-sync.js";
import type { VisitorPasses, VisitorRoster } from "../../visitors/ports.js";
import type { VisitorRegister } from "../../visitors/visitor-register.js";
import type { OccupancyService } from "../../occupancy/occupancy-service.js";
import type { MusterService } from "../../occupancy/muster-service.js";
import type { DeviceDriver } from "../../drivers/driver.js";
import type { Hardware } from "../../drivers/hardware.js";
import type { Logger } from "../../util/log.js";
import type { Database } from "../../store/database.js";
import type { EventLog } from "../../store/event-log.js";
import type { KeyValue } from "../../store/kv.js";
import type { RetainedStates } from "../../uplink/retained.js";
import type { CoreState } from "../../core/state.js";
import type { EarlyInputs } from "../early-inputs.js";
import type { Engine } from "../engine.js";
import type { HeldWrites } from "../held-writes.js";
import type { Recorder } from "../recorder.js";
import type { EventBus } from "../event-bus.js";
import type { Publisher } from "../publisher.js";
import type { SdNotify } from "../sd-notify.js";
import type { ClockSyncSource } from "../clock-sync.js";
import type { SteadyClock } from "../../time/steady-clock.js";
import type { TimerApi } from "../../time/timers.js";

/** What every component is given: fixed for the life of the gateway. */
export interface GatewayContext {
  readonly model: RuntimeModel;
  readonly log: Logger;
  readonly timers: TimerApi;
  /** The engine's clock: steady time for deadlines, wall time for timestamps. */
  readonly clock: SteadyClock;
  /** Whether the wall clock is synchronised, as the system's time service says. */
  readonly clockSync: ClockSyncSource;
  readonly notify: SdNotify;
  readonly topics: SiteTopics;
  readonly version: string;
  readonly startedAt: string;
  /** Every retained state the gateway publishes, mirrored for the district uplink. */
  readonly retained: RetainedStates;
  /** Notices between parts: the recorder says what it recorded, the uplink listens. */
  readonly bus: EventBus;
  /** The serial binding, GPIO, HID and clock the drivers run on (fakes in tests). */
  readonly hardware: Hardware;
}

/**
 * The parts the components build, filled in start order (store, outputs, broker, engine, inputs,
 * requests). A component reads only parts built before it; `part()` says which one is missing if not.
 */
export interface GatewayParts {
  db?: Database;
  kv?: KeyValue;
  events?: EventLog;
  /** The engine's writes to the store, held in memory while it cannot write. */
  writes?: HeldWrites;
  /** The one writer of events (see recorder.ts). */
  recorder?: Recorder;
  /** Where a corrupt store was moved at start; null when it was sound. */
  storeMovedTo?: string | null;
  /**
   * The core's state at start, from the safety mode and active fire inputs the last run left (read
   * once, before the outputs start): the outputs are exported at its rules, the engine starts from it.
   */
  initial?: CoreState;
  /** What drivers report to until the engine takes their inputs. */
  early?: EarlyInputs;
  broker?: Broker;
  publisher?: Publisher;
  engine?: Engine;
  credentials?: CredentialSync;
  /** The district watch list visitors are screened against. */
  watchlist?: WatchlistSync;
  router?: RequestRouter;
  /** Alarms that people answer (see alarms/alarm-service.ts). */
  alarms?: AlarmService;
  /** Incident records officers keep (see incidents/incident-book.ts). */
  incidents?: IncidentBook;
  /** Drill records, and the school year's compliance when the site has a `drills` section. */
  drills?: { readonly service: DrillService; readonly compliance: ComplianceWatch | null };
  /** Visitor passes: time-boxed credentials limited to a destination's doors. */
  passes?: VisitorPasses;
  /** The front desk's register, which answers `request/visitor`. */
  register?: VisitorRegister;
  /** Who is signed in at the front desk: the register, or in tests a roster given to the gateway. */
  visitors?: VisitorRoster;
  /** Who is in the building (see occupancy/occupancy-service.ts). */
  occupancy?: OccupancyService;
  /** The roll call after an evacuation. */
  muster?: MusterService;
  /** The web console's address; absent when the site serves none. */
  consoleUrl?: string;
  /** Every device's driver, in configuration order once the inputs have started (the outputs alone before). */
  drivers: Map<string, DeviceDriver>;
}

/** A part that must have been built by an earlier component. */
export function part<K extends keyof GatewayParts>(parts: GatewayParts, key: K): NonNullable<GatewayParts[K]> {
  const value = parts[key];
  if (value === undefined || value === null) throw new Error(`gateway part "${String(key)}" used before it was started`);
  return value as NonNullable<GatewayParts[K]>;
}
