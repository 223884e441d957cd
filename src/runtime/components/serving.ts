import { alarmsComponent } from "./alarms.js";
import type { Component } from "../lifecycle.js";
import { auditComponent } from "./audit.js";
import { brokerComponent } from "./broker.js";
import { clockComponent } from "./clock.js";
import { consoleComponent } from "./console.js";
import { devicesComponent } from "./devices.js";
import { engineComponent } from "./engine.js";
import type { GatewayContext, GatewayParts } from "./parts.js";
import { requestsComponent } from "./requests.js";
import { statusComponent } from "./status.js";
import { uplinkComponent } from "./uplink.js";

/**
 * What starts once the outputs hold, in order: the broker, the alarms, the engine, the clock watch,
 * the inputs, the requests, the web console, the online status, the audit log's upkeep, then the district uplink.
 * Loaded by the composition root only after the outputs started, so the doors do not wait for this
 * code to load.
 */
export function servingComponents(ctx: GatewayContext, parts: GatewayParts): Component[] {
  return [
    brokerComponent(ctx, parts),
    alarmsComponent(ctx, parts),
    engineComponent(ctx, parts),
    clockComponent(ctx, parts),
    devicesComponent(ctx, parts),
    requestsComponent(ctx, parts),
    consoleComponent(ctx, parts),
    statusComponent(ctx, parts),
    auditComponent(ctx, parts),
    uplinkComponent(ctx, parts),
  ];
}
