import { wallTime } from "../../core/wall-time.js";
import { PassIssuer } from "../../visitors/pass-issuer.js";
import { PassStore } from "../../visitors/pass-store.js";
import type { VisitorPasses } from "../../visitors/ports.js";
import type { Component } from "../lifecycle.js";
import type { EngineUnit } from "./engine.js";
import { started } from "./late.js";
import type { GatewayContext } from "./parts.js";
import type { StoreUnit } from "./store.js";

/**
 * The desk's visitor passes, once the engine runs: the passes out when the gateway last ran are given
 * back to the core before any reader is read, then the register issues and withdraws them through
 * `passes`. Nothing without a `visitors` section.
 */
export class PassesUnit implements Component {
  readonly name = "passes";
  private issuer: VisitorPasses | null | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly store: StoreUnit,
    private readonly engine: EngineUnit,
  ) {}

  start(): void {
    const { ctx } = this;
    this.issuer = null;
    const visitors = ctx.model.visitors;
    if (visitors === undefined || visitors === null) return;
    const engine = this.engine.engine;
    const issuer = new PassIssuer({
      visitors,
      timezone: ctx.model.site.timezone,
      store: new PassStore(this.store.kv),
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
    this.issuer = issuer;
  }

  stop(): void {}

  /** Visitor passes: time-boxed credentials limited to a destination's doors; null without a `visitors` section. */
  get passes(): VisitorPasses | null {
    return started(this.issuer, "passes");
  }
}
