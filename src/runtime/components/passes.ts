import { wallTime } from "../../core/wall-time.js";
import { PassIssuer } from "../../visitors/pass-issuer.js";
import { PassStore } from "../../visitors/pass-store.js";
import type { Component } from "../lifecycle.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/**
 * The desk's visitor passes, once the engine runs: the passes out when the gateway last ran are given
 * back to the core before any reader is read, then the register issues and withdraws them through
 * `parts.passes`. Nothing without a `visitors` section.
 */
export function passesComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  return {
    name: "passes",
    start: () => {
      const visitors = ctx.model.visitors;
      if (visitors === undefined || visitors === null) return;
      const engine = part(parts, "engine");
      const issuer = new PassIssuer({
        visitors,
        timezone: ctx.model.site.timezone,
        store: new PassStore(part(parts, "kv")),
        submit: (input) => engine.submit(input),
        now: () => wallTime(engine.current, ctx.clock.now()),
      });
      try {
        const restored = issuer.restore();
        if (restored > 0) ctx.log.info({ passes: restored }, "visitor passes restored");
      } catch (err) {
        // The doors must serve whatever the store holds: the passes out open nothing until issued again.
        ctx.log.error({ err }, "the stored visitor passes could not be read; passes out before the restart must be issued again");
      }
      parts.passes = issuer;
    },
    stop: () => undefined,
  };
}
