import { OUTPUT_KINDS } from "../../catalog/schema.js";
import { initialState } from "../../core/state.js";
import { createDrivers } from "../../drivers/create-drivers.js";
import type { DeviceDriver } from "../../drivers/driver.js";
import { EarlyInputs } from "../early-inputs.js";
import type { Component } from "../lifecycle.js";
import { setLockRest } from "../lock-rest.js";
import { restoreSafety } from "../safety-restore.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/**
 * The output drivers (locks, strobes, sounders), started as early as the gateway can: right after the
 * store, from the safety mode and fire inputs the last run left (store and its second copy, see
 * safety-restore.ts). Each is exported at the level that state asks (a lockdown locked, an egress
 * door during a stored fire alarm released), so no output passes through another level at boot, and
 * the broker, the engine and the inputs start after the doors already hold. What the drivers report
 * meanwhile waits in `parts.early` for the engine. On stop every lock is left at its stop level
 * (see lock-rest.ts), from the engine's last state, or the restored one if the engine never ran.
 */
export function outputsComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  let outputs: DeviceDriver[] = [];
  return {
    name: "outputs",
    start: async () => {
      const { model, topics, timers, log } = ctx;
      const restored = restoreSafety(model, part(parts, "kv"), log);
      const initial = initialState(model.core, restored.safety, restored.fire);
      const early = new EarlyInputs();
      Object.assign(parts, { initial, early });
      // Sim outputs take no messages: the broker is looked up only by drivers that start after it.
      const driverCtx = { emit: early.emit, topics, log, get broker() { return part(parts, "broker"); } };
      parts.drivers = await createDrivers(model, driverCtx, ctx.hardware, (d) => OUTPUT_KINDS.has(d.kind));
      outputs = [...parts.drivers.values()];
      const locks = setLockRest(model, initial, outputs, timers.now(), "start");
      for (const driver of outputs) await driver.start();
      log.debug({ outputs: outputs.length, locks_locked: locks.locked, locks_released: locks.released }, "outputs at their start levels");
    },
    stop: async () => {
      const state = parts.engine?.current ?? parts.initial;
      if (state !== undefined) setLockRest(ctx.model, state, outputs, ctx.timers.now(), "stop");
      for (const driver of [...outputs].reverse()) await driver.stop();
    },
  };
}
