import { EventLog } from "../../store/event-log.js";
import { KeyValue } from "../../store/kv.js";
import { openOrRecover } from "../../store/recover.js";
import type { Component } from "../lifecycle.js";
import type { GatewayContext, GatewayParts } from "./parts.js";

/** The audit store: opened first, closed last; a corrupt one is moved aside and replaced by a fresh one. */
export function storeComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  return {
    name: "store",
    start: () => {
      const { db, movedTo } = openOrRecover(ctx.model.storagePath, ctx.log.child({ mod: "store/database" }), ctx.timers.now());
      Object.assign(parts, { db, kv: new KeyValue(db), events: new EventLog(db), storeMovedTo: movedTo });
    },
    stop: () => {
      parts.db?.close();
    },
  };
}
