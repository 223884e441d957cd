import type { Uplink } from "../../uplink/uplink.js";
import type { Component } from "../lifecycle.js";
import type { EngineUnit } from "./engine.js";
import type { GatewayContext } from "./parts.js";
import type { RequestsUnit } from "./requests.js";
import type { StoreUnit } from "./store.js";

/**
 * The district uplink. Does nothing when the site has no `uplink` section. Starts after the online
 * status and stops first, announcing offline to the district before the local broker goes. It hears
 * of new events from the recorder's `recorded` notice and delivers them at once.
 */
export class UplinkUnit implements Component {
  readonly name = "uplink";
  private uplink: Uplink | undefined;
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly store: StoreUnit,
    private readonly engineUnit: EngineUnit,
    private readonly requests: RequestsUnit,
  ) {}

  async start(): Promise<void> {
    const { ctx } = this;
    const model = ctx.model.uplink;
    if (model === undefined || model === null) return;
    const [engine, writes] = [this.engineUnit.engine, this.engineUnit.writes];
    // The MQTT client is loaded only by a site that has an uplink.
    const { Uplink } = await import("../../uplink/uplink.js");
    const running = new Uplink({
      model,
      topics: ctx.topics,
      db: this.store.db,
      unwritten: () => writes.unwritten(),
      retained: ctx.retained,
      status: { version: ctx.version, startedAt: ctx.startedAt, configHash: ctx.model.configHash },
      router: this.requests.router,
      record: (bodies) => void engine.report(...bodies),
      timers: ctx.timers,
      log: ctx.log,
    });
    this.uplink = running;
    this.unlisten = ctx.bus.on("recorded", () => running.notify());
    running.start();
  }

  async stop(): Promise<void> {
    this.unlisten?.();
    await this.uplink?.stop();
    this.uplink = undefined;
  }
}
