import { siteTopics } from "./bus/topics.js";
import type { RuntimeModel } from "./config/runtime-model.js";
import type { Input } from "./core/inputs.js";
import type { DeviceDriver } from "./drivers/driver.js";
import { realHardware, type Hardware } from "./drivers/hardware.js";
import type { Logger } from "./util/log.js";
import { timedatectlSync, type ClockSyncSource } from "./runtime/clock-sync.js";
import { outputsComponent } from "./runtime/components/outputs.js";
import { part, type GatewayContext, type GatewayParts } from "./runtime/components/parts.js";
import { storeComponent } from "./runtime/components/store.js";
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
 * The composition root: builds every part from the runtime model and starts them in order — store,
 * outputs (exported at the levels the stored safety state asks), then broker, engine, clock watch,
 * inputs, requests, the online status and the district uplink. Stops in reverse. The code of what
 * follows the outputs is loaded only once they hold: a cold start drives the doors first.
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
  const parts: GatewayParts = { drivers: new Map(), ...(deps.visitors === undefined ? {} : { visitors: deps.visitors }) };
  const lifecycle = new Lifecycle(log.child({ mod: "runtime/lifecycle" }));
  await lifecycle.start([storeComponent(ctx, parts), outputsComponent(ctx, parts)]);
  try {
    const { servingComponents } = await import("./runtime/components/serving.js");
    await lifecycle.start(servingComponents(ctx, parts));
  } catch (err) {
    await lifecycle.stop(); // a failed later start has stopped everything already; this covers a failed load
    throw err;
  }
  const engine = part(parts, "engine");
  return {
    port: part(parts, "broker").port,
    consoleUrl: parts.consoleUrl ?? null,
    engine,
    drivers: parts.drivers,
    submit: (input) => engine.submit(input),
    passes: parts.passes ?? null,
    stop: () => lifecycle.stop(),
  };
}
