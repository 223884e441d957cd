import { createDecider } from "../../core/decide.js";
import { siteSummary } from "../../core/site-summary.js";
import { credentialsPath } from "../../credentials/credential-db.js";
import { CredentialSync } from "../../credentials/credential-sync.js";
import { watchlistPath } from "../../screening/watch-db.js";
import { WatchlistSync } from "../../screening/watchlist-sync.js";
import { Engine } from "../engine.js";
import { createEnginePorts } from "../engine-ports.js";
import { HeldWrites } from "../held-writes.js";
import { Recorder } from "../recorder.js";
import type { Component } from "../lifecycle.js";
import { safetyCopyPath } from "../safety-copy.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/**
 * The decision engine, starting from the state the outputs were exported at (the safety mode and the
 * active fire inputs restored before them, see outputs.ts) with the district credential list loaded;
 * publishes every door's state and the site summary before any input arrives.
 */
export function engineComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  return {
    name: "engine",
    start: () => {
      const { model, log, timers, clock } = ctx;
      const [db, kv, events, publisher] = [part(parts, "db"), part(parts, "kv"), part(parts, "events"), part(parts, "publisher")];
      const safetyCopy = safetyCopyPath(model.storagePath);
      const writes = new HeldWrites(db, events, kv, log.child({ mod: "runtime/held-writes" }));
      const recorder = new Recorder(writes, publisher, ctx.bus, log.child({ mod: "runtime/recorder" }));
      Object.assign(parts, { writes, recorder });
      const engine = new Engine(
        createDecider(model.core),
        part(parts, "initial"),
        createEnginePorts({ model, recorder, publisher, drivers: () => parts.drivers, safetyCopy, log, bus: ctx.bus }),
        clock,
        log.child({ mod: "runtime/engine" }),
      );
      parts.engine = engine;
      if (parts.storeMovedTo) {
        engine.report({ type: "alarm", alarm: "storage_corrupt", active: true, device: "store", door: null, location: null, until: null });
      }
      const credLog = log.child({ mod: "credentials/sync" });
      parts.credentials = new CredentialSync(model.core, credentialsPath(model.storagePath), engine, credLog, () => timers.now());
      parts.credentials.load();
      parts.watchlist = new WatchlistSync(watchlistPath(model.storagePath), log.child({ mod: "screening/watchlist" }), () => timers.now());
      parts.watchlist.load().catch((err: unknown) => log.error({ err }, "the stored watch list could not be loaded"));
      for (const door of model.core.doors.values()) {
        const d = engine.current.doors[door.index];
        if (d !== undefined) publisher.doorState(door.id, { locked: d.locked, open: d.open, alarm: d.alarm });
      }
      publisher.site(siteSummary(model.core, engine.current));
    },
    stop: async () => {
      await parts.credentials?.close();
      await parts.watchlist?.close();
      parts.engine?.stop();
    },
  };
}
