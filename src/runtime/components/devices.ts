import { OUTPUT_KINDS } from "../../catalog/schema.js";
import type { Input } from "../../core/inputs.js";
import { createDrivers } from "../../devices/create-drivers.js";
import { DeviceHealth } from "../device-health.js";
import type { Component } from "../lifecycle.js";
import { setLockRest } from "../lock-rest.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/**
 * Every device driver and their health reports. Outputs start first, each exported at the level the
 * restored state asks (a lockdown locked, an egress door during a stored fire alarm released); a tick
 * brings the core's doors to the same rules; only then are inputs read. On stop every lock is left
 * at its stop level (see lock-rest.ts).
 */
export function devicesComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  let health: DeviceHealth | undefined;
  return {
    name: "devices",
    start: async () => {
      const { model, topics, timers, log } = ctx;
      const [engine, broker] = [part(parts, "engine"), part(parts, "broker")];
      const watch = new DeviceHealth({
        publish: (id, p) => broker.publish(topics.deviceState(id), p, { retain: true, qos: 1 }),
        timers,
        log: log.child({ mod: "runtime/device-health" }),
      });
      health = watch;
      const emit = (i: Input): void => {
        watch.observe(i);
        engine.submit(i);
      };
      parts.drivers = createDrivers(model, { emit, broker, topics, log }, ctx.gpio);
      const all = [...parts.drivers.values()];
      const outputs = all.filter((d) => OUTPUT_KINDS.has(d.device.kind));
      setLockRest(model, engine.current, outputs, timers.now(), "start");
      engine.devicesStarting(true);
      try {
        for (const driver of outputs) await driver.start();
        // Bring the core's doors to their rules (restored mode and fire, schedules) before an input
        // can change them, so the first fire input read inactive finds its doors released and locks them.
        engine.submit({ kind: "tick" });
        for (const driver of all) if (!OUTPUT_KINDS.has(driver.device.kind)) await driver.start();
        await watch.start(parts.drivers);
      } finally {
        engine.devicesStarting(false);
      }
    },
    stop: async () => {
      const drivers = [...parts.drivers.values()];
      const engine = parts.engine;
      if (engine !== undefined) setLockRest(ctx.model, engine.current, drivers, ctx.timers.now(), "stop");
      for (const driver of drivers.reverse()) await driver.stop();
      await health?.stop();
    },
  };
}
