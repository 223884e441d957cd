import { alarmsComponent } from "./alarms.js";
import type { Component } from "../lifecycle.js";
import { auditComponent } from "./audit.js";
import { brokerComponent } from "./broker.js";
import { clockComponent } from "./clock.js";
import { consoleComponent } from "./console.js";
import { devicesComponent } from "./devices.js";
import { drillsComponent } from "./drills.js";
import { engineComponent } from "./engine.js";
import { incidentsComponent } from "./incidents.js";
import { occupancyComponent } from "./occupancy.js";
import type { GatewayContext, GatewayParts } from "./parts.js";
import { reportsComponent } from "./reports.js";
import { passesComponent } from "./passes.js";
import { requestsComponent } from "./requests.js";
import { statusComponent } from "./status.js";
import { uplinkComponent } from "./uplink.js";
import { visitorsComponent } from "./visitors.js";

/**
 * What starts once the outputs hold, in order: the broker, the alarms, the engine, the visitor passes,
 * the drills, the clock watch, the inputs, the visitor register, who is in the building and the roll
 * call, the incident records, the requests, the reports, the web console, the online status, the audit log's upkeep,
 * then the district uplink.
 * Loaded by the composition root only after the outputs started, so the doors do not wait for this
 * code to load.
 */
export function servingComponents(ctx: GatewayContext, parts: GatewayParts): Component[] {
  return [
    brokerComponent(ctx, parts),
    alarmsComponent(ctx, parts),
    engineComponent(ctx, parts),
    passesComponent(ctx, parts),
    drillsComponent(ctx, parts),
    clockComponent(ctx, parts),
    devicesComponent(ctx, parts),
    visitorsComponent(ctx, parts),
    occupancyComponent(ctx, parts),
    incidentsComponent(ctx, parts),
    requestsComponent(ctx, parts),
    reportsComponent(ctx, parts),
    consoleComponent(ctx, parts),
    statusComponent(ctx, parts),
    auditComponent(ctx, parts),
    uplinkComponent(ctx, parts),
  ];
}
