import { registerAlarmRequests } from "../../alarms/alarm-requests.js";
import { registerIncidentRequests } from "../../incidents/incident-requests.js";
import { registerDrillRequests } from "../../drills/drill-requests.js";
import type { Identity } from "../../bus/broker.js";
import { RequestRouter, type Envelope } from "../../bus/requests.js";
import { permitsRequest } from "../../bus/roles.js";
import type { CommandEvent } from "../../core/events.js";
import { registerMusterRequests } from "../../occupancy/muster-requests.js";
import { registerCommands } from "../command-handlers.js";
import type { DriverTable } from "../driver-table.js";
import type { Component } from "../lifecycle.js";
import { registerOsdpRequests } from "../osdp-requests.js";
import { registerPassRequests } from "../pass-requests.js";
import { registerReadRequests } from "../request-handlers.js";
import { registerVisitorRequests } from "../../visitors/visitor-requests.js";
import type { AlarmsUnit } from "./alarms.js";
import type { BrokerUnit } from "./broker.js";
import type { DrillsUnit } from "./drills.js";
import type { EngineUnit } from "./engine.js";
import type { IncidentsUnit } from "./incidents.js";
import { started } from "./late.js";
import type { OccupancyUnit } from "./occupancy.js";
import type { GatewayContext } from "./parts.js";
import type { StoreUnit } from "./store.js";
import type { VisitorsUnit } from "./visitors.js";

/** The components whose requests the router answers, all started before it. */
export interface RequestSources {
  readonly store: StoreUnit;
  readonly broker: BrokerUnit;
  readonly engine: EngineUnit;
  readonly drivers: DriverTable;
  readonly alarms: AlarmsUnit;
  readonly incidents: IncidentsUnit;
  readonly drills: DrillsUnit;
  readonly visitors: VisitorsUnit;
  readonly occupancy: OccupancyUnit;
}

/** The request router with every request the gateway answers. */
export class RequestsUnit implements Component {
  readonly name = "requests";
  private running: RequestRouter | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly from: RequestSources,
  ) {}

  start(): void {
    const { model, topics, timers, log } = this.ctx;
    const { store, broker, drivers, alarms, incidents, visitors, occupancy } = this.from;
    const engine = this.from.engine.engine;
    // Every local command that changes something is in the audit trail, with who sent it.
    const onLocalChange = (name: string, from: Identity, envelope: Envelope, suppressed: number): void => {
      if (from.source !== "local") return;
      const status = envelope.status;
      const error_code = envelope.status === "error" ? envelope.error.code : null;
      const body: CommandEvent = { type: "command", source: "local", name, transaction: envelope.transaction, status, error_code, actor: from.username, ...(suppressed > 0 ? { suppressed } : {}) };
      engine.report(body);
    };
    const router = new RequestRouter({
      broker: broker.broker,
      prefix: topics.prefix,
      log,
      onLocalChange,
      permits: permitsRequest,
      refusalIntervalMs: model.brokerLimits.logIntervalMs,
    });
    registerReadRequests(router, { model, state: () => engine.current, drivers: drivers.all, events: store.events });
    registerCommands(router, engine, () => timers.now(), [...model.core.doors.keys()]);
    registerOsdpRequests(router, () => drivers.all, () => timers.now());
    this.from.engine.credentials.register(router);
    registerAlarmRequests(router, alarms.service);
    registerIncidentRequests(router, incidents.book);
    const drills = this.from.drills.drills;
    registerDrillRequests(router, drills.service, drills.compliance);
    this.from.engine.watchlist.register(router);
    const register = visitors.register;
    if (register !== null) registerVisitorRequests(router, register, new Set(model.visitors?.destinations.keys() ?? []));
    if (model.visitors) registerPassRequests(router, model, () => visitors.roster);
    registerMusterRequests(router, occupancy.muster);
    router.start();
    this.running = router;
  }

  stop(): void {}

  /** The router every request comes through; the reports and the uplink add to it. */
  get router(): RequestRouter {
    return started(this.running, "router");
  }
}
