import { openDatabase } from "../../store/database.js";
import { EventLog } from "../../store/event-log.js";
import { KeyValue } from "../../store/kv.js";
import type { Component } from "../lifecycle.js";
import type { GatewayContext, GatewayParts } from "./parts.js";

/** The audit store: opened first, closed last. */
export function storeComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  return {
    name: "store",
    start: () => {
      const db = openDatabase(ctx.model.storagePath, ctx.log.child({ mod: "store/database" }));
      Object.assign(parts, { db, kv: new KeyValue(db), events: new EventLog(db) });
    },
    stop: () => {
      parts.db?.close();
    },
  };
}
