import { deskStateTopic } from "../../bus/desk-topics.js";
import { OUTPUT_KINDS } from "../../catalog/schema.js";
import { DEFAULT_DESK_SCAN_KEEP_MINUTES } from "../../config/schema-visitors.js";
import type { Input } from "../../core/inputs.js";
import { createDrivers } from "../../drivers/create-drivers.js";
import type { DeviceDriver } from "../../drivers/driver.js";
import { DeviceHealth } from "../device-health.js";
import type { DriverTable } from "../driver-table.js";
import type { Component } from "../lifecycle.js";
import { watchReaderFeedback } from "../reader-feedback.js";
import type { BrokerUnit } from "./broker.js";
import type { EngineUnit } from "./engine.js";
import type { OutputsUnit } from "./outputs.js";
import type { GatewayContext } from "./parts.js";
import { DeskScans } from "../../visitors/desk-scans.js";

/**
 * The input drivers and every device's health reports, and the front desk's ID scans (shown until
 * the visitor is signed in or `visitors.desk_scan_keep_minutes` pass). The outputs started before the engine (see
 * outputs.ts); what they reported meanwhile goes to the engine first, then a tick brings the core's
 * doors to the same rules (restored mode and fire, schedules), and only then are inputs read, so the
 * first fire input read inactive finds its doors released and locks them.
 */
export class DevicesUnit implements Component {
  readonly name = "devices";
  private health: DeviceHealth | undefined;
  private inputs: DeviceDriver[] = [];
  private unlisten: (() => void) | null = null;
  private scans: DeskScans | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly outputs: OutputsUnit,
    private readonly broker: BrokerUnit,
    private readonly engine: EngineUnit,
    private readonly drivers: DriverTable,
  ) {}

  async start(): Promise<void> {
    const { ctx, drivers } = this;
    const { model, topics, timers, log } = ctx;
    const [engine, broker, early, recorder] = [this.engine.engine, this.broker.broker, this.outputs.early, this.engine.recorder];
    const watch = new DeviceHealth({
      publish: (id, p) => broker.publish(topics.deviceState(id), p, { retain: true, qos: 1 }),
      timers,
      log: log.child({ mod: "runtime/device-health" }),
    });
    this.health = watch;
    const emit = (i: Input): void => {
      watch.observe(i);
      engine.submit(i);
    };
    const keepMinutes = model.visitors?.deskScanKeepMinutes ?? DEFAULT_DESK_SCAN_KEEP_MINUTES;
    const deskScans = new DeskScans({
      publish: (scanner, payload) => void broker.publish(deskStateTopic(topics.prefix, scanner), payload, { retain: true }),
      timers,
      wallNow: () => ctx.clock.wall(),
      keepMs: keepMinutes * 60_000,
    });
    this.scans = deskScans;
    const created = await createDrivers(model, { emit, broker, topics, log, deskScans }, ctx.hardware, (d) => !OUTPUT_KINDS.has(d.kind));
    this.inputs = [...created.values()];
    // Every driver, in configuration order, for the requests and device health.
    drivers.add(created);
    this.unlisten = watchReaderFeedback(ctx.bus, () => drivers.all);
    recorder.devicesStarting(true);
    try {
      early.deliver(emit);
      engine.submit({ kind: "tick" });
      for (const driver of this.inputs) await driver.start();
      await watch.start(drivers.all);
    } finally {
      recorder.devicesStarting(false);
    }
  }

  async stop(): Promise<void> {
    this.unlisten?.();
    for (const driver of [...this.inputs].reverse()) await driver.stop();
    this.scans?.stop();
    await this.health?.stop();
  }

  /** The front desk's ID scans, which a sign-in of the person scanned takes down. */
  get deskScans(): DeskScans | undefined {
    return this.scans;
  }
}
