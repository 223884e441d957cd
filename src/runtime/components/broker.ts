import { startBroker } from "../../bus/broker.js";
import { hasSimDevices } from "../../drivers/create-drivers.js";
import type { Component } from "../lifecycle.js";
import { Publisher } from "../publisher.js";
import type { GatewayContext, GatewayParts } from "./parts.js";

/** The embedded broker and the publisher on it, its retained publications mirrored for the uplink. */
export function brokerComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  return {
    name: "broker",
    start: async () => {
      const { model, topics, log } = ctx;
      const bus = await startBroker({
        host: model.broker.host,
        port: model.broker.port,
        prefix: topics.prefix,
        users: model.broker.accounts,
        anonymous: model.broker.anonymous,
        tls: model.broker.tls,
        websocket: model.broker.websocket,
        limits: model.brokerLimits,
        simEnabled: hasSimDevices(model),
        log,
      });
      parts.broker = ctx.retained.wrap(bus);
      parts.publisher = new Publisher(parts.broker, topics, log);
    },
    stop: () => parts.broker?.close(),
  };
}
