import { registerAlarmRequests } from "../../alarms/alarm-requests.js";
import { registerIncidentRequests } from "../../incidents/incident-requests.js";
import { registerDrillRequests } from "../../drills/drill-requests.js";
import type { Identity } from "../../bus/broker.js";
import { RequestRouter, type Envelope } from "../../bus/requests.js";
import { permitsRequest } from "../../bus/roles.js";
import type { CommandEvent } from "../../core/events.js";
import { registerMusterRequests } from "../../occupancy/muster-requests.js";
import { registerCommands } from "../command-handlers.js";
import type { Component } from "../lifecycle.js";
import { registerOsdpRequests } from "../osdp-requests.js";
import { registerPassRequests } from "../pass-requests.js";
import { registerReadRequests } from "../request-handlers.js";
import { registerVisitorRequests } from "../../visitors/visitor-requests.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/** The request router with every request the gateway answers. */
export function requestsComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  return {
    name: "requests",
    start: () => {
      const { model, topics, timers, log } = ctx;
      const engine = part(parts, "engine");
      // Every local command that changes something is in the audit trail, with who sent it.
      const onLocalChange = (name: string, from: Identity, envelope: Envelope, suppressed: number): void => {
        if (from.source !== "local") return;
        const status = envelope.status;
        const error_code = envelope.status === "error" ? envelope.error.code : null;
        const body: CommandEvent = { type: "command", source: "local", name, transaction: envelope.transaction, status, error_code, actor: from.username, ...(suppressed > 0 ? { suppressed } : {}) };
        engine.report(body);
      };
      const router = new RequestRouter({ broker: part(parts, "broker"), prefix: topics.prefix, log, onLocalChange, permits: permitsRequest });
      registerReadRequests(router, { model, state: () => engine.current, drivers: parts.drivers, events: part(parts, "events") });
      registerCommands(router, engine, () => timers.now(), [...model.core.doors.keys()]);
      registerOsdpRequests(router, () => parts.drivers, () => timers.now());
      part(parts, "credentials").register(router);
      registerAlarmRequests(router, part(parts, "alarms"));
      registerIncidentRequests(router, part(parts, "incidents"));
      const drills = part(parts, "drills");
      registerDrillRequests(router, drills.service, drills.compliance);
      part(parts, "watchlist").register(router);
      if (parts.register !== undefined) registerVisitorRequests(router, parts.register, new Set(model.visitors?.destinations.keys() ?? []));
      if (model.visitors) registerPassRequests(router, model, () => parts.visitors);
      registerMusterRequests(router, part(parts, "muster"));
      router.start();
      parts.router = router;
    },
    stop: () => undefined,
  };
}
