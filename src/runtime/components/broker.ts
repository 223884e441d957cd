import type { Broker } from "../../bus/broker.js";
import { startBrokerThread } from "../../bus/broker-thread.js";
import { hasSimDevices } from "../../drivers/create-drivers.js";
import type { Component } from "../lifecycle.js";
import { watchAccounts } from "../password-reload.js";
import { Publisher } from "../publisher.js";
import type { FileWatch } from "../../util/file-watch.js";
import { started } from "./late.js";
import type { GatewayContext } from "./parts.js";

/** The embedded broker and the publisher on it, its retained publications mirrored for the uplink; its users follow their password files. */
export class BrokerUnit implements Component {
  readonly name = "broker";
  private passwords: FileWatch | undefined;
  private running: { broker: Broker; publisher: Publisher } | undefined;

  constructor(private readonly ctx: GatewayContext) {}

  async start(): Promise<void> {
    const { model, topics, log } = this.ctx;
    const bus = await startBrokerThread({
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
    const broker = this.ctx.retained.wrap(bus);
    this.running = { broker, publisher: new Publisher(broker, topics, log) };
    this.passwords = watchAccounts(model.configDir, model.broker.accounts, bus, log);
  }

  stop(): Promise<void> | undefined {
    this.passwords?.close();
    return this.running?.broker.close();
  }

  get broker(): Broker {
    return started(this.running, "broker").broker;
  }

  get publisher(): Publisher {
    return started(this.running, "publisher").publisher;
  }
}
