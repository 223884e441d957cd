import { createDecider } from "../../core/decide.js";
import { siteSummary } from "../../core/site-summary.js";
import type { CoreState } from "../../core/state.js";
import { credentialsPath } from "../../credentials/credential-db.js";
import { CredentialSync } from "../../credentials/credential-sync.js";
import { watchlistPath } from "../../screening/watch-db.js";
import { WatchlistSync } from "../../screening/watchlist-sync.js";
import type { DriverTable } from "../driver-table.js";
import { Engine } from "../engine.js";
import { createEnginePorts } from "../engine-ports.js";
import { HeldWrites } from "../held-writes.js";
import { Recorder } from "../recorder.js";
import type { Component } from "../lifecycle.js";
import { safetyCopyPath } from "../safety-copy.js";
import type { BrokerUnit } from "./broker.js";
import { started } from "./late.js";
import type { OutputsUnit } from "./outputs.js";
import type { GatewayContext } from "./parts.js";
import type { StoreUnit } from "./store.js";

/** What the engine component makes when it starts. */
interface Running {
  /** The engine's writes to the store, held in memory while it cannot write. */
  readonly writes: HeldWrites;
  /** The one writer of events (see recorder.ts). */
  readonly recorder: Recorder;
  readonly engine: Engine;
  readonly credentials: CredentialSync;
  /** The district watch list visitors are screened against. */
  readonly watchlist: WatchlistSync;
}

/**
 * The decision engine, starting from the state the outputs were exported at (the safety mode and the
 * active fire inputs restored before them, see outputs.ts) with the district credential list loaded;
 * publishes every door's state and the site summary before any input arrives.
 */
export class EngineUnit implements Component {
  readonly name = "engine";
  private running: Running | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly store: StoreUnit,
    private readonly outputs: OutputsUnit,
    private readonly broker: BrokerUnit,
    private readonly drivers: DriverTable,
  ) {}

  start(): void {
    const { ctx, store } = this;
    const { model, log, timers, clock } = ctx;
    const publisher = this.broker.publisher;
    const safetyCopy = safetyCopyPath(model.storagePath);
    const writes = new HeldWrites(store.db, store.events, store.kv, log.child({ mod: "runtime/held-writes" }));
    const recorder = new Recorder(writes, publisher, ctx.bus, log.child({ mod: "runtime/recorder" }));
    const engine = new Engine(
      createDecider(model.core),
      this.outputs.initial,
      createEnginePorts({ model, recorder, publisher, drivers: () => this.drivers.all, safetyCopy, log, bus: ctx.bus }),
      clock,
      log.child({ mod: "runtime/engine" }),
    );
    if (store.movedTo) {
      engine.report({ type: "alarm", alarm: "storage_corrupt", active: true, device: "store", door: null, location: null, until: null });
    }
    const credLog = log.child({ mod: "credentials/sync" });
    const credentials = new CredentialSync(model.core, credentialsPath(model.storagePath), engine, credLog, () => timers.now());
    const watchlist = new WatchlistSync(watchlistPath(model.storagePath), log.child({ mod: "screening/watchlist" }), () => timers.now());
    this.running = { writes, recorder, engine, credentials, watchlist };
    credentials.load();
    watchlist.load().catch((err: unknown) => log.error({ err }, "the stored watch list could not be loaded"));
    for (const door of model.core.doors.values()) {
      const d = engine.current.doors[door.index];
      if (d !== undefined) publisher.doorState(door.id, { locked: d.locked, open: d.open, alarm: d.alarm });
    }
    publisher.site(siteSummary(model.core, engine.current));
  }

  async stop(): Promise<void> {
    await this.running?.credentials.close();
    await this.running?.watchlist.close();
    this.running?.engine.stop();
  }

  get engine(): Engine {
    return started(this.running, "engine").engine;
  }

  get writes(): HeldWrites {
    return started(this.running, "writes").writes;
  }

  get recorder(): Recorder {
    return started(this.running, "recorder").recorder;
  }

  get credentials(): CredentialSync {
    return started(this.running, "credentials").credentials;
  }

  get watchlist(): WatchlistSync {
    return started(this.running, "watchlist").watchlist;
  }

  /** The engine's last state; undefined if it never started. */
  get last(): CoreState | undefined {
    return this.running?.engine.current;
  }
}
