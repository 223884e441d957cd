import type { Database } from "../../store/database.js";
import { EventLog } from "../../store/event-log.js";
import { KeyValue } from "../../store/kv.js";
import { openOrRecover } from "../../store/recover.js";
import type { Component } from "../lifecycle.js";
import { started } from "./late.js";
import type { GatewayContext } from "./parts.js";

/** The audit store: opened first, closed last; a corrupt one is moved aside and replaced by a fresh one. */
export class StoreUnit implements Component {
  readonly name = "store";
  private opened: { db: Database; kv: KeyValue; events: EventLog; movedTo: string | null } | undefined;

  constructor(private readonly ctx: GatewayContext) {}

  start(): void {
    const { ctx } = this;
    const { db, movedTo } = openOrRecover(ctx.model.storagePath, ctx.log.child({ mod: "store/database" }), ctx.timers.now());
    this.opened = { db, kv: new KeyValue(db), events: new EventLog(db), movedTo };
  }

  stop(): void {
    this.opened?.db.close();
  }

  get db(): Database {
    return started(this.opened, "db").db;
  }

  get kv(): KeyValue {
    return started(this.opened, "kv").kv;
  }

  get events(): EventLog {
    return started(this.opened, "events").events;
  }

  /** Where a corrupt store was moved at start; null when it was sound. */
  get movedTo(): string | null {
    return started(this.opened, "storeMovedTo").movedTo;
  }
}
