import { startBroker } from "../../bus/broker.js";
import { hasSimDevices } from "../../drivers/create-drivers.js";
import type { Component } from "../lifecycle.js";
import { watchAccounts } from "../password-reload.js";
import { Publisher } from "../publisher.js";
import type { FileWatch } from "../../util/file-watch.js";
import type { GatewayContext, GatewayParts } from "./parts.js";

/** The embedded broker and the publisher on it, its retained publications mirrored for the uplink; its users follow their password files. */
export function brokerComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  let passwords: FileWatch | undefined;
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
      passwords = watchAccounts(model.configDir, model.broker.accounts, bus, log);
    },
    stop: () => {
      passwords?.close();
      return parts.broker?.close();
    },
  };
}
