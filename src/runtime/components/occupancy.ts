import { randomUUID } from "node:crypto";
import { musterTopic } from "../../bus/muster-payloads.js";
import { occupancyPeopleTopic, occupancyTopic } from "../../bus/occupancy-payloads.js";
import { compileOccupancy } from "../../config/schema-occupancy.js";
import { MusterService } from "../../occupancy/muster-service.js";
import { MusterStore } from "../../occupancy/muster-store.js";
import { OccupancyService } from "../../occupancy/occupancy-service.js";
import type { Component } from "../lifecycle.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/** How many past access events are read at start to place people already in the building. */
const HISTORY_EVENTS = 20_000;

/**
 * Who is in the building and the roll call after an evacuation. Starts after the engine (it reads
 * the safety mode and records through it) and before the requests, which register `request/muster`
 * on it. The front desk's register is read from the parts whenever it is there: none, no visitors.
 * The counts go to every client and the district; the lists and the roll call to the site only.
 */
export function occupancyComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  let unlisten: (() => void) | undefined;
  return {
    name: "occupancy",
    start: () => {
      const { topics, retained, clock, log } = ctx;
      const model = ctx.model.occupancy ?? compileOccupancy();
      const engine = part(parts, "engine");
      const safety = () => ({ mode: engine.current.safety.mode, drill: engine.current.safety.drill });
      const now = () => clock.wall();
      const occupancy = new OccupancyService({
        model,
        roster: () => parts.visitors,
        safety,
        publishCounts: (state) => retained.set(occupancyTopic(topics.prefix), state),
        publishPeople: (state) => retained.setLocal(occupancyPeopleTopic(topics.prefix), state),
        now,
      });
      const muster = new MusterService({
        store: new MusterStore(part(parts, "db")),
        points: model.assemblyPoints,
        expected: () => occupancy.expected(),
        safety,
        report: (...events) => void engine.report(...events),
        publish: (state) => retained.setLocal(musterTopic(topics.prefix), state),
        now,
        newId: randomUUID,
        log: log.child({ mod: "occupancy/muster" }),
      });
      const history = model.trackPeople ? part(parts, "events").byType("access", HISTORY_EVENTS).reverse() : [];
      unlisten = ctx.bus.on("recorded", (events) => occupancy.onRecorded(events));
      Object.assign(parts, { occupancy, muster });
      occupancy.start(history);
      muster.start();
    },
    stop: () => {
      unlisten?.();
      parts.occupancy?.stop();
    },
  };
}
