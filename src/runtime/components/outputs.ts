import { OUTPUT_KINDS } from "../../catalog/schema.js";
import { initialState, type CoreState } from "../../core/state.js";
import { createDrivers } from "../../drivers/create-drivers.js";
import type { DeviceDriver } from "../../drivers/driver.js";
import type { DriverTable } from "../driver-table.js";
import { EarlyInputs } from "../early-inputs.js";
import type { Component } from "../lifecycle.js";
import { setLockRest } from "../lock-rest.js";
import { restoreSafety } from "../safety-restore.js";
import type { BrokerUnit } from "./broker.js";
import type { EngineUnit } from "./engine.js";
import { started, type Late } from "./late.js";
import type { GatewayContext } from "./parts.js";
import type { StoreUnit } from "./store.js";

/**
 * The output drivers (locks, strobes, sounders), started as early as the gateway can: right after the
 * store, from the safety mode and fire inputs the last run left (store and its second copy, see
 * safety-restore.ts). Each is exported at the level that state asks (a lockdown locked, an egress
 * door during a stored fire alarm released), so no output passes through another level at boot, and
 * the broker, the engine and the inputs start after the doors already hold. What the drivers report
 * meanwhile waits in `early` for the engine. On stop every lock is left at its stop level
 * (see lock-rest.ts), from the engine's last state, or the restored one if the engine never ran.
 * The broker and the engine are built only after the outputs started: they are handed over late.
 */
export class OutputsUnit implements Component {
  readonly name = "outputs";
  private outputs: DeviceDriver[] = [];
  private restored: { initial: CoreState; early: EarlyInputs } | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly store: StoreUnit,
    private readonly drivers: DriverTable,
    private readonly broker: Late<BrokerUnit>,
    private readonly engine: Late<EngineUnit>,
  ) {}

  async start(): Promise<void> {
    const { ctx, broker } = this;
    const { model, topics, timers, log } = ctx;
    const restored = restoreSafety(model, this.store.kv, log);
    const initial = initialState(model.core, restored.safety, restored.fire);
    const early = new EarlyInputs();
    this.restored = { initial, early };
    // Sim outputs take no messages: the broker is looked up only by drivers that start after it.
    const driverCtx = { emit: early.emit, topics, log, get broker() { return broker.get().broker; } };
    const created = await createDrivers(model, driverCtx, ctx.hardware, (d) => OUTPUT_KINDS.has(d.kind));
    this.drivers.add(created);
    this.outputs = [...created.values()];
    const locks = setLockRest(model, initial, this.outputs, timers.now(), "start");
    for (const driver of this.outputs) await driver.start();
    log.debug({ outputs: this.outputs.length, locks_locked: locks.locked, locks_released: locks.released }, "outputs at their start levels");
  }

  async stop(): Promise<void> {
    const state = this.engine.peek()?.last ?? this.restored?.initial;
    if (state !== undefined) setLockRest(this.ctx.model, state, this.outputs, this.ctx.timers.now(), "stop");
    for (const driver of [...this.outputs].reverse()) await driver.stop();
  }

  /**
   * The core's state at start, from the safety mode and active fire inputs the last run left (read
   * once, before the outputs start): the outputs are exported at its rules, the engine starts from it.
   */
  get initial(): CoreState {
    return started(this.restored, "initial").initial;
  }

  /** What drivers report to until the engine takes their inputs. */
  get early(): EarlyInputs {
    return started(this.restored, "early").early;
  }
}
