import type { EventBody } from "../../core/events.js";
import type { SiteModel } from "../../core/model.js";
import { doorById, type CoreState } from "../../core/state.js";
import { ComplianceWatch } from "../../drills/compliance-watch.js";
import { DrillService } from "../../drills/drill-service.js";
import { DrillStore } from "../../drills/drill-store.js";
import type { DoorAtRaise } from "../../drills/time-to-secure.js";
import type { Component } from "../lifecycle.js";
import type { EngineUnit } from "./engine.js";
import { started } from "./late.js";
import type { GatewayContext } from "./parts.js";
import type { StoreUnit } from "./store.js";

/** The doors a lockdown locks, with their lock and contact as the core holds them now. */
export function lockdownDoors(model: SiteModel, state: CoreState): DoorAtRaise[] {
  const policies = [...(model.safety.modes.get("lockdown")?.doors ?? [])];
  return policies
    .filter(([, policy]) => policy.lock === "locked")
    .flatMap(([id]) => {
      const door = model.doors.get(id);
      const now = doorById(model, state, id);
      if (door === undefined || now === undefined) return [];
      return [{ door: id, hasContact: door.contact !== null, locked: now.locked, closed: !now.open }];
    });
}

/** Drill records, and the school year's compliance when the site has a `drills` section. */
export interface Drills {
  readonly service: DrillService;
  readonly compliance: ComplianceWatch | null;
}

/**
 * Drill records and, with a `drills` section, the school year's compliance. Starts after the engine,
 * whose report path records the drill events and the overdue alarms; the requests component registers
 * `request/drill` and `request/drills` on it.
 */
export class DrillsUnit implements Component {
  readonly name = "drills";
  private unlisten: (() => void) | undefined;
  private running: Drills | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly store: StoreUnit,
    private readonly engineUnit: EngineUnit,
  ) {}

  start(): void {
    const { ctx } = this;
    const engine = this.engineUnit.engine;
    const store = new DrillStore(this.store.db);
    const report = (...events: EventBody[]): void => void engine.report(...events);
    const now = () => ctx.clock.wall();
    const drills = ctx.model.drills ?? null;
    const compliance =
      drills === null
        ? null
        : new ComplianceWatch({
            model: drills,
            store,
            now,
            timers: ctx.clock,
            report,
            publish: (s) => ctx.retained.set(ctx.topics.drillsState, s),
            drillOn: () => engine.current.safety.drill && engine.current.safety.mode !== "normal",
          });
    const service = new DrillService({
      store,
      report,
      now,
      lockdownDoors: () => lockdownDoors(ctx.model.core, engine.current),
      changed: () => compliance?.check(),
    });
    this.unlisten = ctx.bus.on("recorded", (events) => service.onRecorded(events));
    this.running = { service, compliance };
    compliance?.start();
  }

  stop(): void {
    this.unlisten?.();
    this.running?.compliance?.stop();
  }

  get drills(): Drills {
    return started(this.running, "drills");
  }
}
