import { RequestRouter } from "../../bus/requests.js";
import { registerCommands } from "../command-handlers.js";
import type { Component } from "../lifecycle.js";
import { registerReadRequests } from "../request-handlers.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/** The request router with every request the gateway answers. */
export function requestsComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  return {
    name: "requests",
    start: () => {
      const { model, topics, timers, log } = ctx;
      const engine = part(parts, "engine");
      const router = new RequestRouter({ broker: part(parts, "broker"), prefix: topics.prefix, log });
      registerReadRequests(router, { model, state: () => engine.current, drivers: parts.drivers, events: part(parts, "events") });
      registerCommands(router, engine, () => timers.now());
      part(parts, "credentials").register(router);
      router.start();
      parts.router = router;
    },
    stop: () => undefined,
  };
}
