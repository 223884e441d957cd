import { randomUUID } from "node:crypto";
import { visitorHoldsTopic, visitorsStateTopic } from "../../bus/desk-topics.js";
import type { RollCallNames, ScannedIds, VisitorRoster } from "../../visitors/ports.js";
import { VisitorPurgeRunner } from "../../visitors/visitor-purge.js";
import { VisitorRegister } from "../../visitors/visitor-register.js";
import { VisitorStore } from "../../visitors/visitor-store.js";
import type { Component } from "../lifecycle.js";
import type { EngineUnit } from "./engine.js";
import { started } from "./late.js";
import type { GatewayContext } from "./parts.js";
import type { PassesUnit } from "./passes.js";
import type { StoreUnit } from "./store.js";

/** What the register reaches in other components, read when it needs them. */
export interface VisitorLinks {
  /** The roll calls (the occupancy component, built and started after this one). */
  readonly rollCalls: () => RollCallNames | undefined;
  /** The desk's ID scans (the devices component, started before this one). */
  readonly scans: () => ScannedIds | undefined;
}

/**
 * The front desk's visitor register, for a site with a `visitors` section: after the engine (it
 * records through it, and screens with the watch list the engine component loads) and before the
 * requests, which register `request/visitor` on it. Passes come from the passes component when the
 * site has an issuer; without one, visitors are signed in without a pass. The daily purge empties
 * visitors' names from the roll calls too (the occupancy component's, read when it runs); a sign-in
 * takes down the desk's ID scan of the person signed in. A roster given to the
 * gateway (tests) stands for who is signed in, in place of the register.
 */
export class VisitorsUnit implements Component {
  readonly name = "visitors";
  private purge: VisitorPurgeRunner | undefined;
  private opened: VisitorRegister | null | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly store: StoreUnit,
    private readonly engineUnit: EngineUnit,
    private readonly passes: PassesUnit,
    private readonly given: VisitorRoster | undefined,
    private readonly links: VisitorLinks,
  ) {}

  start(): void {
    const { ctx } = this;
    this.opened = null;
    const config = ctx.model.visitors;
    if (config === undefined || config === null) return;
    const [engine, watchlist] = [this.engineUnit.engine, this.engineUnit.watchlist];
    const log = ctx.log.child({ mod: "visitors/register" });
    const register = new VisitorRegister({
      config,
      timeZone: ctx.model.site.timezone,
      store: new VisitorStore(this.store.db),
      screen: (person) => watchlist.screen(person),
      passes: this.passes.passes,
      rollCalls: this.links.rollCalls,
      scans: this.links.scans,
      report: (...events) => void engine.report(...events),
      publishVisitors: (state) => ctx.retained.set(visitorsStateTopic(ctx.topics.prefix), state),
      publishHolds: (state) => ctx.retained.set(visitorHoldsTopic(ctx.topics.prefix), state),
      timers: ctx.timers,
      newId: randomUUID,
      log,
    });
    this.opened = register;
    register.start();
    this.purge = new VisitorPurgeRunner(() => register.purge(), ctx.timers, log);
    this.purge.start();
  }

  stop(): void {
    this.purge?.stop();
    this.opened?.stop();
  }

  /** The front desk's register, which answers `request/visitor`; null without a `visitors` section. */
  get register(): VisitorRegister | null {
    return started(this.opened, "register");
  }

  /** Who is signed in at the front desk: a roster given to the gateway, else the register once started; none, no visitors. */
  get roster(): VisitorRoster | undefined {
    return this.given ?? this.opened ?? undefined;
  }
}
