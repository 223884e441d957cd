import { randomUUID } from "node:crypto";
import { AlarmService } from "../../alarms/alarm-service.js";
import { AlarmStore } from "../../alarms/alarm-store.js";
import { compileAlarms } from "../../config/schema-alarms.js";
import type { Component } from "../lifecycle.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/**
 * Alarms that people answer. Starts before the engine so that it hears every event recorded from the
 * first one on (a store moved aside is reported while the engine starts), and publishes the open
 * alarms the last run left; the requests component registers `request/alarm` on it.
 */
export function alarmsComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  let unlisten: (() => void) | undefined;
  return {
    name: "alarms",
    start: () => {
      const service = new AlarmService({
        policy: ctx.model.alarms ?? compileAlarms(),
        store: new AlarmStore(part(parts, "db")),
        // The engine starts next; nothing is reported before a recorded notice or a timer, both after it.
        report: (...events) => void part(parts, "engine").report(...events),
        publish: (state) => ctx.retained.set(ctx.topics.alarmsState, state),
        timers: ctx.clock,
        newId: randomUUID,
        log: ctx.log.child({ mod: "alarms/service" }),
      });
      unlisten = ctx.bus.on("recorded", (events) => service.onRecorded(events));
      parts.alarms = service;
      service.start();
    },
    stop: () => {
      unlisten?.();
      parts.alarms?.stop();
    },
  };
}
