import { OUTPUT_KINDS } from "../../catalog/schema.js";
import type { Input } from "../../core/inputs.js";
import { createDrivers } from "../../drivers/create-drivers.js";
import type { DeviceDriver } from "../../drivers/driver.js";
import { DeviceHealth } from "../device-health.js";
import type { Component } from "../lifecycle.js";
import { watchReaderFeedback } from "../reader-feedback.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/**
 * The input drivers and every device's health reports. The outputs started before the engine (see
 * outputs.ts); what they reported meanwhile goes to the engine first, then a tick brings the core's
 * doors to the same rules (restored mode and fire, schedules), and only then are inputs read, so the
 * first fire input read inactive finds its doors released and locks them.
 */
export function devicesComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  let health: DeviceHealth | undefined;
  let inputs: DeviceDriver[] = [];
  let unlisten: (() => void) | null = null;
  return {
    name: "devices",
    start: async () => {
      const { model, topics, timers, log } = ctx;
      const [engine, broker, early, recorder] = [part(parts, "engine"), part(parts, "broker"), part(parts, "early"), part(parts, "recorder")];
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
      const created = await createDrivers(model, { emit, broker, topics, log }, ctx.hardware, (d) => !OUTPUT_KINDS.has(d.kind));
      inputs = [...created.values()];
      // Every driver, in configuration order, for the requests and device health.
      const outputs = parts.drivers;
      parts.drivers = new Map([...model.devices.keys()].flatMap((id) => {
        const driver = outputs.get(id) ?? created.get(id);
        return driver === undefined ? [] : [[id, driver] as const];
      }));
      unlisten = watchReaderFeedback(ctx.bus, () => parts.drivers);
      recorder.devicesStarting(true);
      try {
        early.deliver(emit);
        engine.submit({ kind: "tick" });
        for (const driver of inputs) await driver.start();
        await watch.start(parts.drivers);
      } finally {
        recorder.devicesStarting(false);
      }
    },
    stop: async () => {
      unlisten?.();
      for (const driver of [...inputs].reverse()) await driver.stop();
      await health?.stop();
    },
  };
}
