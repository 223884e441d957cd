import type { GatewayEvent } from "../../core/events.js";
import { startHints } from "../start-hints.js";
import type { Component } from "../lifecycle.js";
import type { BrokerUnit } from "./broker.js";
import type { EngineUnit } from "./engine.js";
import type { GatewayContext } from "./parts.js";

/**
 * The retained online status, systemd readiness and the audit log's record of the run: last to start
 * (a `gateway started` event once every part serves), first to stop (a `gateway stopping` event, then
 * offline).
 */
export class StatusUnit implements Component {
  readonly name = "status";

  constructor(
    private readonly ctx: GatewayContext,
    private readonly broker: BrokerUnit,
    private readonly engine: EngineUnit,
  ) {}

  private status(state: "online" | "offline") {
    const { ctx } = this;
    return {
      state,
      version: ctx.version,
      started_at: ctx.startedAt,
      config_hash: ctx.model.configHash,
    };
  }

  private run(action: GatewayEvent["action"]): GatewayEvent {
    const { ctx } = this;
    return {
      type: "gateway",
      action,
      version: ctx.version,
      config_hash: ctx.model.configHash,
    };
  }

  async start(): Promise<void> {
    const { ctx } = this;
    this.engine.engine.report(this.run("started"));
    await this.broker.publisher.status(this.status("online"));
    ctx.notify.ready();
    const port = this.broker.broker.port;
    ctx.log.info({ site: ctx.model.site.id, port, version: ctx.version, ...startHints(ctx.model, port) }, "gateway online");
  }

  async stop(): Promise<void> {
    this.ctx.notify.stopping();
    this.engine.engine.report(this.run("stopping"));
    await this.broker.publisher.status(this.status("offline"));
  }
}
