import type { RuntimeModel } from "../../config/runtime-model.js";
import type { Input } from "../../core/inputs.js";
import { createDrivers } from "../../devices/create-drivers.js";
import type { DeviceDriver } from "../../devices/driver.js";
import { lockEnergised } from "../../devices/lock-level.js";
import { doorById } from "../../core/state.js";
import { DeviceHealth } from "../device-health.js";
import type { Engine } from "../engine.js";
import type { Component } from "../lifecycle.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/** Drive every lock to the level its door's state asks for, before any input is taken. */
function applyLockLevels(model: RuntimeModel, engine: Engine, drivers: ReadonlyMap<string, DeviceDriver>): void {
  for (const driver of drivers.values()) {
    if (driver.device.kind !== "lock" || driver.setActive === undefined) continue;
    const door = model.core.deviceDoor.get(driver.device.id)?.door;
    const locked = door === undefined ? true : (doorById(model.core, engine.current, door)?.locked ?? true);
    driver.setActive(lockEnergised(driver.device.model.fail_mode ?? "secure", locked));
  }
}

/** Every device driver (outputs to their safe level first) and their health reports. */
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
      parts.drivers = createDrivers(model, { emit, broker, topics, log });
      engine.devicesStarting(true);
      try {
        for (const driver of parts.drivers.values()) await driver.start();
      } finally {
        engine.devicesStarting(false);
      }
      applyLockLevels(model, engine, parts.drivers);
      // Bring every lock to its rules (restored mode, schedules) now that the outputs exist.
      engine.submit({ kind: "tick" });
      await watch.start(parts.drivers);
    },
    stop: async () => {
      for (const driver of [...parts.drivers.values()].reverse()) await driver.stop();
      await health?.stop();
    },
  };
}
