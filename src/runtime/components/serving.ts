import { uplinkComponent } from "../../uplink/component.js";
import type { Component } from "../lifecycle.js";
import { brokerComponent } from "./broker.js";
import { clockComponent } from "./clock.js";
import { devicesComponent } from "./devices.js";
import { engineComponent } from "./engine.js";
import type { GatewayContext, GatewayParts } from "./parts.js";
import { requestsComponent } from "./requests.js";
import { statusComponent } from "./status.js";

/**
 * What starts once the outputs hold, in order: the broker, the engine, the clock watch, the inputs,
 * the requests, the online status, then the district uplink. Loaded by the composition root only
 * after the outputs started, so the doors do not wait for this code to load.
 */
export function servingComponents(ctx: GatewayContext, parts: GatewayParts): Component[] {
  const uplink = uplinkComponent({
    ...ctx,
    db: () => parts.db,
    unwritten: () => parts.writes?.unwritten() ?? [],
    record: (bodies) => void parts.engine?.report(...bodies),
    router: () => parts.router,
  });
  return [
    brokerComponent(ctx, parts, uplink.onLocalPublish),
    engineComponent(ctx, parts),
    clockComponent(ctx, parts),
    devicesComponent(ctx, parts),
    requestsComponent(ctx, parts),
    statusComponent(ctx, parts),
    uplink,
  ];
}
