import { randomUUID } from "node:crypto";
import { musterTopic } from "../../bus/muster-payloads.js";
import { occupancyPeopleTopic, occupancyTopic } from "../../bus/occupancy-payloads.js";
import { compileOccupancy } from "../../config/schema-occupancy.js";
import { MusterService } from "../../occupancy/muster-service.js";
import { MusterStore } from "../../occupancy/muster-store.js";
import { OccupancyService } from "../../occupancy/occupancy-service.js";
import type { RollCallNames } from "../../visitors/ports.js";
import type { Component } from "../lifecycle.js";
import type { EngineUnit } from "./engine.js";
import { started } from "./late.js";
import type { GatewayContext } from "./parts.js";
import type { StoreUnit } from "./store.js";
import type { VisitorsUnit } from "./visitors.js";

/** How many past access events are read at start to place people already in the building. */
const HISTORY_EVENTS = 20_000;

/**
 * Who is in the building and the roll call after an evacuation. Starts after the engine (it reads
 * the safety mode and records through it) and before the requests, which register `request/muster`
 * on it. The front desk's roster is read from the visitors component whenever it asks: none, no visitors.
 * The counts go to every client and the district; the lists and the roll call to the site only.
 */
export class OccupancyUnit implements Component {
  readonly name = "occupancy";
  private unlisten: (() => void) | undefined;
  private running: { occupancy: OccupancyService; muster: MusterService } | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly store: StoreUnit,
    private readonly engineUnit: EngineUnit,
    private readonly visitors: VisitorsUnit,
  ) {}

  start(): void {
    const { ctx, visitors } = this;
    const { topics, retained, clock, log } = ctx;
    const model = ctx.model.occupancy ?? compileOccupancy();
    const engine = this.engineUnit.engine;
    const safety = () => ({ mode: engine.current.safety.mode, drill: engine.current.safety.drill });
    const now = () => clock.wall();
    const occupancy = new OccupancyService({
      model,
      roster: () => visitors.roster,
      safety,
      publishCounts: (state) => retained.set(occupancyTopic(topics.prefix), state),
      publishPeople: (state) => retained.setLocal(occupancyPeopleTopic(topics.prefix), state),
      now,
    });
    const muster = new MusterService({
      store: new MusterStore(this.store.db),
      points: model.assemblyPoints,
      expected: () => occupancy.expected(),
      safety,
      report: (...events) => void engine.report(...events),
      publish: (state) => retained.setLocal(musterTopic(topics.prefix), state),
      now,
      newId: randomUUID,
      log: log.child({ mod: "occupancy/muster" }),
    });
    const history = model.trackPeople ? this.store.events.byType("access", HISTORY_EVENTS).reverse() : [];
    this.unlisten = ctx.bus.on("recorded", (events) => occupancy.onRecorded(events));
    this.running = { occupancy, muster };
    occupancy.start(history);
    muster.start();
  }

  stop(): void {
    this.unlisten?.();
    this.running?.occupancy.stop();
  }

  /** Who is in the building (see occupancy/occupancy-service.ts). */
  get occupancy(): OccupancyService {
    return started(this.running, "occupancy").occupancy;
  }

  /** The roll call after an evacuation. */
  get muster(): MusterService {
    return started(this.running, "muster").muster;
  }

  /** The roll calls' visitor names, for the register's purge: undefined until started. */
  get rollCallNames(): RollCallNames | undefined {
    return this.running?.muster;
  }
}
