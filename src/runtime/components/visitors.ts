import { randomUUID } from "node:crypto";
import { visitorHoldsTopic, visitorsStateTopic } from "../../bus/desk-topics.js";
import { VisitorPurgeRunner } from "../../visitors/visitor-purge.js";
import { VisitorRegister } from "../../visitors/visitor-register.js";
import { VisitorStore } from "../../visitors/visitor-store.js";
import type { Component } from "../lifecycle.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/**
 * The front desk's visitor register, for a site with a `visitors` section: after the engine (it
 * records through it, and screens with the watch list the engine component loads) and before the
 * requests, which register `request/visitor` on it. Passes come from `parts.passes` when the site has
 * an issuer; without one, visitors are signed in without a pass.
 */
export function visitorsComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  let purge: VisitorPurgeRunner | undefined;
  return {
    name: "visitors",
    start: () => {
      const config = ctx.model.visitors;
      if (config === undefined || config === null) return;
      const [engine, watchlist] = [part(parts, "engine"), part(parts, "watchlist")];
      const log = ctx.log.child({ mod: "visitors/register" });
      const register = new VisitorRegister({
        config,
        timeZone: ctx.model.site.timezone,
        store: new VisitorStore(part(parts, "db")),
        screen: (person) => watchlist.screen(person),
        passes: parts.passes ?? null,
        report: (...events) => void engine.report(...events),
        publishVisitors: (state) => ctx.retained.set(visitorsStateTopic(ctx.topics.prefix), state),
        publishHolds: (state) => ctx.retained.set(visitorHoldsTopic(ctx.topics.prefix), state),
        timers: ctx.timers,
        newId: randomUUID,
        log,
      });
      parts.register = register;
      parts.visitors ??= register;
      register.start();
      purge = new VisitorPurgeRunner(() => register.purge(), ctx.timers, log);
      purge.start();
    },
    stop: () => {
      purge?.stop();
      parts.register?.stop();
    },
  };
}
