import type { GatewayEvent } from "../../core/events.js";
import { hasSimDevices } from "../../drivers/create-drivers.js";
import type { Component } from "../lifecycle.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/**
 * The retained online status, systemd readiness and the audit log's record of the run: last to start
 * (a `gateway started` event once every part serves), first to stop (a `gateway stopping` event, then
 * offline).
 */
export function statusComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  const status = (state: "online" | "offline") => ({
    state,
    version: ctx.version,
    started_at: ctx.startedAt,
    config_hash: ctx.model.configHash,
  });
  const run = (action: GatewayEvent["action"]): GatewayEvent => ({
    type: "gateway",
    action,
    version: ctx.version,
    config_hash: ctx.model.configHash,
  });
  return {
    name: "status",
    start: async () => {
      part(parts, "engine").report(run("started"));
      await part(parts, "publisher").status(status("online"));
      ctx.notify.ready();
      const port = part(parts, "broker").port;
      // A site with simulated devices is a demo or a bench: the line says how to watch and drive it.
      const demo = hasSimDevices(ctx.model)
        ? { watch: `mosquitto_sub -h ${ctx.model.broker.host} -p ${port} -t 'gatehouse/#' -v`, drive: "npm run demo" }
        : {};
      ctx.log.info({ site: ctx.model.site.id, port, version: ctx.version, ...demo }, "gateway online");
    },
    stop: async () => {
      ctx.notify.stopping();
      part(parts, "engine").report(run("stopping"));
      await part(parts, "publisher").status(status("offline"));
    },
  };
}
