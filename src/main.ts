import { startBroker, type Broker } from "./bus/broker.js";
import { RequestRouter } from "./bus/requests.js";
import { siteTopics } from "./bus/topics.js";
import type { RuntimeModel } from "./config/runtime-model.js";
import { createDecider } from "./core/decide.js";
import type { Input } from "./core/inputs.js";
import { initialState } from "./core/state.js";
import { createDrivers, hasSimDevices } from "./devices/create-drivers.js";
import type { DeviceDriver } from "./devices/driver.js";
import { lockEnergised } from "./devices/lock-level.js";
import type { Logger } from "./log.js";
import { DeviceHealth } from "./runtime/device-health.js";
import { Engine } from "./runtime/engine.js";
import { Lifecycle, type Component } from "./runtime/lifecycle.js";
import { Publisher } from "./runtime/publisher.js";
import { registerCommands } from "./runtime/command-handlers.js";
import { registerReadRequests } from "./runtime/request-handlers.js";
import { SdNotify } from "./runtime/sd-notify.js";
import { systemTimers, type TimerApi } from "./runtime/wake-timer.js";
import { openDatabase, type Database } from "./store/database.js";
import { EventLog } from "./store/event-log.js";
import { KeyValue } from "./store/kv.js";
import { CredentialStore } from "./credentials/credential-store.js";
import { CredentialSync } from "./credentials/credential-sync.js";
import { createEnginePorts } from "./runtime/engine-ports.js";
import { loadSafety } from "./runtime/safety-store.js";
import { siteSummary } from "./core/site-summary.js";
import { uplinkComponent } from "./uplink/component.js";
import { RetainedStates } from "./uplink/retained.js";
import { VERSION } from "./version.js";

/** What the gateway is built from. Tests pass their own timers and a port-0 model. */
export interface GatewayDeps {
  readonly model: RuntimeModel;
  readonly log: Logger;
  readonly timers?: TimerApi;
  readonly notify?: SdNotify;
}

/** A running gateway. */
export interface Gateway {
  /** The embedded broker's bound port. */
  readonly port: number;
  readonly engine: Engine;
  readonly drivers: ReadonlyMap<string, DeviceDriver>;
  /** Submit an input as a driver would. */
  submit(input: Input): void;
  /** Clean stop: status offline, then every part in reverse order. */
  stop(): Promise<void>;
}

/**
 * The composition root: builds every part from the runtime model and starts them in order — store,
 * broker, engine, devices (outputs to their safe level first), requests, then the online status.
 */
export async function startGateway(deps: GatewayDeps): Promise<Gateway> {
  const { model, log } = deps;
  const timers = deps.timers ?? systemTimers;
  const notify = deps.notify ?? new SdNotify(log);
  const topics = siteTopics(model.site.id);
  const startedAt = new Date(timers.now()).toISOString();
  const lifecycle = new Lifecycle(log.child({ mod: "runtime/lifecycle" }));

  let db: Database | undefined;
  let broker: Broker | undefined;
  let events: EventLog | undefined;
  let publisher: Publisher | undefined;
  let engine: Engine | undefined;
  let drivers = new Map<string, DeviceDriver>();
  let health: DeviceHealth | undefined;
  let credentials: CredentialSync | undefined;
  const need = <T>(x: T | undefined): T => x as T;
  // Every retained state the gateway publishes, mirrored for the district uplink.
  const retained = new RetainedStates(log);
  let router: RequestRouter | undefined;
  const uplink = uplinkComponent({
    model,
    topics,
    retained,
    version: VERSION,
    startedAt,
    db: () => db,
    events: () => events,
    publisher: () => publisher,
    router: () => router,
    timers,
    log,
  });

  const components: Component[] = [
    {
      name: "store",
      start: () => {
        db = openDatabase(model.storagePath, log);
        events = new EventLog(db);
      },
      stop: () => {
        db?.close();
      },
    },
    {
      name: "broker",
      start: async () => {
        const bus = await startBroker({
          host: model.broker.host,
          port: model.broker.port,
          prefix: topics.prefix,
          users: model.broker.accounts,
          anonymous: model.broker.anonymous,
          simEnabled: hasSimDevices(model),
          log,
        });
        broker = retained.wrap(bus, uplink.onLocalPublish);
        publisher = new Publisher(broker, topics, log);
      },
      stop: () => broker?.close(),
    },
    {
      name: "engine",
      start: async () => {
        const store = need(events);
        const pub = need(publisher);
        const kv = new KeyValue(need(db));
        engine = new Engine(
          createDecider(model.core),
          initialState(model.core, loadSafety(kv, log)),
          createEnginePorts({ model, db: need(db), events: store, kv, publisher: pub, drivers: () => drivers }),
          timers,
          log.child({ mod: "runtime/engine" }),
        );
        const credLog = log.child({ mod: "credentials/sync" });
        credentials = new CredentialSync(model.core, new CredentialStore(need(db), kv), engine, credLog, () => timers.now());
        await credentials.load();
        for (const [id, door] of Object.entries(engine.current.doors)) {
          pub.doorState(id, { locked: door.locked, open: door.open, alarm: door.alarm });
        }
        pub.site(siteSummary(model.core, engine.current));
      },
      stop: () => engine?.stop(),
    },
    {
      name: "devices",
      start: async () => {
        const eng = need(engine);
        const bus = need(broker);
        health = new DeviceHealth({
          publish: (id, p) => bus.publish(topics.deviceState(id), p, { retain: true, qos: 1 }),
          timers,
          log: log.child({ mod: "runtime/device-health" }),
        });
        const watch = health;
        const emit = (i: Input): void => {
          watch.observe(i);
          eng.submit(i);
        };
        drivers = createDrivers(model, { emit, broker: bus, topics, log });
        for (const driver of drivers.values()) await driver.start();
        applyLockLevels(model, eng, drivers);
        // Bring every lock to its rules (restored mode, schedules) now that the outputs exist.
        eng.submit({ kind: "tick" });
        await watch.start(drivers);
      },
      stop: async () => {
        for (const driver of [...drivers.values()].reverse()) await driver.stop();
        await health?.stop();
      },
    },
    {
      name: "requests",
      start: () => {
        router = new RequestRouter({ broker: need(broker), prefix: topics.prefix, log });
        registerReadRequests(router, { model, state: () => need(engine).current, drivers, events: need(events) });
        registerCommands(router, need(engine), () => timers.now());
        need(credentials).register(router);
        router.start();
      },
      stop: () => undefined,
    },
    {
      name: "status",
      start: async () => {
        await need(publisher).status({ state: "online", version: VERSION, started_at: startedAt, config_hash: model.configHash });
        notify.ready();
        log.info({ site: model.site.id, port: need(broker).port, version: VERSION }, "gateway online");
      },
      stop: async () => {
        notify.stopping();
        await need(publisher).status({ state: "offline", version: VERSION, started_at: startedAt, config_hash: model.configHash });
      },
    },
    uplink,
  ];

  await lifecycle.start(components);
  return {
    port: need(broker).port,
    engine: need(engine),
    drivers,
    submit: (input) => need(engine).submit(input),
    stop: () => lifecycle.stop(),
  };
}

/** Drive every lock to the level its door's state asks for, before any input is taken. */
function applyLockLevels(model: RuntimeModel, engine: Engine, drivers: ReadonlyMap<string, DeviceDriver>): void {
  for (const driver of drivers.values()) {
    if (driver.device.kind !== "lock" || driver.setActive === undefined) continue;
    const door = model.core.deviceDoor.get(driver.device.id)?.door;
    const locked = door === undefined ? true : (engine.current.doors[door]?.locked ?? true);
    driver.setActive(lockEnergised(driver.device.model.fail_mode ?? "secure", locked));
  }
}
