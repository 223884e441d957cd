import { ClockWatch } from "../clock-watch.js";
import type { Component } from "../lifecycle.js";
import type { EngineUnit } from "./engine.js";
import type { GatewayContext } from "./parts.js";

/** The wall-clock watch: tells the engine of clock steps and of the time source's sync status. */
export class ClockUnit implements Component {
  readonly name = "clock";
  private watch: ClockWatch | null = null;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly engine: EngineUnit,
  ) {}

  start(): void {
    const { ctx } = this;
    const engine = this.engine.engine;
    const log = ctx.log.child({ mod: "runtime/clock" });
    this.watch = new ClockWatch({ clock: ctx.clock, submit: (input) => engine.submit(input), sync: ctx.clockSync, log });
    this.watch.start();
  }

  stop(): void {
    this.watch?.stop();
  }
}
