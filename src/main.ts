import { siteTopics } from "./bus/topics.js";
import type { RuntimeModel } from "./config/runtime-model.js";
import type { Input } from "./core/inputs.js";
import type { DeviceDriver } from "./drivers/driver.js";
import { realHardware, type Hardware } from "./drivers/hardware.js";
import type { Logger } from "./util/log.js";
import { timedatectlSync, type ClockSyncSource } from "./runtime/clock-sync.js";
import type { BrokerUnit } from "./runtime/components/broker.js";
import type { EngineUnit } from "./runtime/components/engine.js";
import type { OccupancyUnit } from "./runtime/components/occupancy.js";
import { Late } from "./runtime/components/late.js";
import { OutputsUnit } from "./runtime/components/outputs.js";
import type { GatewayContext } from "./runtime/components/parts.js";
import { StoreUnit } from "./runtime/components/store.js";
import { DriverTable } from "./runtime/driver-table.js";
import type { Engine } from "./runtime/engine.js";
import { Lifecycle } from "./runtime/lifecycle.js";
import { SdNotify } from "./runtime/sd-notify.js";
import { SteadyClock } from "./time/steady-clock.js";
import { RetainedStates } from "./uplink/retained.js";
import { EventBus } from "./runtime/event-bus.js";
import { VERSION } from "./util/version.js";
import type { VisitorPasses, VisitorRoster } from "./visitors/ports.js";

/** What the gateway is built from. Tests pass fake hardware on a fake clock and a port-0 model. */
export interface GatewayDeps {
  readonly model: RuntimeModel;
  readonly log: Logger;
  /** The serial binding, GPIO, HID and the clock. Default: the machine's own (see hardware.ts). */
  readonly hardware?: Hardware;
  /** Whether the wall clock is synchronised. Default: systemd's timedatectl. */
  readonly clockSync?: ClockSyncSource;
  readonly notify?: SdNotify;
  /** A front desk register given from outside (tests); otherwise the one the gateway builds, if any. */
  readonly visitors?: VisitorRoster;
}

/** A running gateway. */
export interface Gateway {
  /** The embedded broker's bound port. */
  readonly port: number;
  /** The web console's address; null when the site serves none. */
  readonly consoleUrl: string | null;
  readonly engine: Engine;
  readonly drivers: ReadonlyMap<string, DeviceDriver>;
  /** Submit an input as a driver would. */
  submit(input: Input): void;
  /** The front desk's visitor passes; null when the site has no `visitors` section. */
  readonly passes: VisitorPasses | null;
  /** Clean stop: status offline, then every part in reverse order. */
  stop(): Promise<void>;
}

/**
 * The composition root: builds every part from the runtime model, each handed the parts it uses, and
 * starts them in order — store, outputs (exported at the levels the stored safety state asks), then
 * broker, alarms, engine, visitor passes, drills, clock watch, inputs, visitor register, occupancy,
 * incidents, requests, reports, web console, the online status, the audit log's upkeep and the
 * district uplink. Stops in reverse. The code of what follows the outputs is loaded only once they
 * hold: a cold start drives the doors first. So those parts are built then, and the broker and the
 * engine, which the outputs use once running, are handed to them late.
 */
export async function startGateway(deps: GatewayDeps): Promise<Gateway> {
  const { model, log } = deps;
  const hardware = deps.hardware ?? realHardware();
  const timers = hardware.clock.timers;
  const ctx: GatewayContext = {
    model,
    log,
    timers,
    clock: new SteadyClock(timers, hardware.clock.monotonic),
    clockSync: deps.clockSync ?? timedatectlSync,
    notify: deps.notify ?? new SdNotify(log),
    topics: siteTopics(model.site.id),
    version: VERSION,
    startedAt: new Date(timers.now()).toISOString(),
    retained: new RetainedStates(log),
    bus: new EventBus(log.child({ mod: "runtime/event-bus" })),
    hardware,
  };
  const lifecycle = new Lifecycle(log.child({ mod: "runtime/lifecycle" }));
  const drivers = new DriverTable([...model.devices.keys()]);
  const later = { broker: new Late<BrokerUnit>("broker"), engine: new Late<EngineUnit>("engine") };
  const store = new StoreUnit(ctx);
  const outputs = new OutputsUnit(ctx, store, drivers, later.broker, later.engine);
  await lifecycle.start([store, outputs]);
  try {
    const s = await import("./runtime/components/serving.js");
    const broker = new s.BrokerUnit(ctx);
    const engine = new s.EngineUnit(ctx, store, outputs, broker, drivers);
    later.broker.set(broker);
    later.engine.set(engine);
    const alarms = new s.AlarmsUnit(ctx, store, engine);
    const passes = new s.PassesUnit(ctx, store, engine);
    const drills = new s.DrillsUnit(ctx, store, engine);
    const clock = new s.ClockUnit(ctx, engine);
    const devices = new s.DevicesUnit(ctx, outputs, broker, engine, drivers);
    const rollCalls = new Late<OccupancyUnit>("occupancy");
    const links = { rollCalls: () => rollCalls.peek()?.rollCallNames, scans: () => devices.deskScans };
    const visitors = new s.VisitorsUnit(ctx, store, engine, passes, deps.visitors, links);
    const occupancy = new s.OccupancyUnit(ctx, store, engine, visitors);
    rollCalls.set(occupancy);
    const incidents = new s.IncidentsUnit(ctx, store, engine);
    const requests = new s.RequestsUnit(ctx, { store, broker, engine, drivers, alarms, incidents, drills, visitors, occupancy });
    const reports = new s.ReportsUnit(ctx, requests, engine);
    const webConsole = new s.ConsoleUnit(ctx, broker);
    const status = new s.StatusUnit(ctx, broker, engine);
    const audit = new s.AuditUnit(ctx, store);
    const uplink = new s.UplinkUnit(ctx, store, engine, requests);
    await lifecycle.start([broker, alarms, engine, passes, drills, clock, devices, visitors, occupancy, incidents, requests, reports, webConsole, status, audit, uplink]);
    const running = engine.engine;
    return {
      port: broker.broker.port,
      consoleUrl: webConsole.url,
      engine: running,
      drivers: drivers.all,
      submit: (input) => running.submit(input),
      passes: passes.passes,
      stop: () => lifecycle.stop(),
    };
  } catch (err) {
    await lifecycle.stop(); // a failed later start has stopped everything already; this covers a failed load
    throw err;
  }
}
