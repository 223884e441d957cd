import { randomUUID } from "node:crypto";
import { AlarmService } from "../../alarms/alarm-service.js";
import { AlarmStore } from "../../alarms/alarm-store.js";
import { compileAlarms } from "../../config/schema-alarms.js";
import type { Component } from "../lifecycle.js";
import type { EngineUnit } from "./engine.js";
import { started } from "./late.js";
import type { GatewayContext } from "./parts.js";
import type { StoreUnit } from "./store.js";

/**
 * Alarms that people answer. Starts before the engine so that it hears every event recorded from the
 * first one on (a store moved aside is reported while the engine starts), and publishes the open
 * alarms the last run left; the requests component registers `request/alarm` on it.
 */
export class AlarmsUnit implements Component {
  readonly name = "alarms";
  private unlisten: (() => void) | undefined;
  private running: AlarmService | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly store: StoreUnit,
    private readonly engine: EngineUnit,
  ) {}

  start(): void {
    const { ctx, engine } = this;
    const service = new AlarmService({
      policy: ctx.model.alarms ?? compileAlarms(),
      store: new AlarmStore(this.store.db),
      // The engine starts next; nothing is reported before a recorded notice or a timer, both after it.
      report: (...events) => void engine.engine.report(...events),
      publish: (state) => ctx.retained.set(ctx.topics.alarmsState, state),
      timers: ctx.clock,
      newId: randomUUID,
      log: ctx.log.child({ mod: "alarms/service" }),
    });
    this.unlisten = ctx.bus.on("recorded", (events) => service.onRecorded(events));
    this.running = service;
    service.start();
  }

  stop(): void {
    this.unlisten?.();
    this.running?.stop();
  }

  /** Alarms that people answer (see alarms/alarm-service.ts). */
  get service(): AlarmService {
    return started(this.running, "alarms");
  }
}
