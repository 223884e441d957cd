import type { Uplink } from "../../uplink/uplink.js";
import type { Component } from "../lifecycle.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/**
 * The district uplink. Does nothing when the site has no `uplink` section. Starts after the online
 * status and stops first, announcing offline to the district before the local broker goes. It hears
 * of new events from the recorder's `recorded` notice and delivers them at once.
 */
export function uplinkComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  let uplink: Uplink | undefined;
  let unlisten: (() => void) | undefined;
  return {
    name: "uplink",
    start: async () => {
      const model = ctx.model.uplink;
      if (model === undefined || model === null) return;
      const [engine, writes] = [part(parts, "engine"), part(parts, "writes")];
      // The MQTT client is loaded only by a site that has an uplink.
      const { Uplink } = await import("../../uplink/uplink.js");
      const running = new Uplink({
        model,
        topics: ctx.topics,
        db: part(parts, "db"),
        unwritten: () => writes.unwritten(),
        retained: ctx.retained,
        status: { version: ctx.version, startedAt: ctx.startedAt, configHash: ctx.model.configHash },
        router: parts.router ?? null,
        record: (bodies) => void engine.report(...bodies),
        timers: ctx.timers,
        log: ctx.log,
      });
      uplink = running;
      unlisten = ctx.bus.on("recorded", () => running.notify());
      running.start();
    },
    stop: async () => {
      unlisten?.();
      await uplink?.stop();
      uplink = undefined;
    },
  };
}
