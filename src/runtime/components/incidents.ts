import { randomUUID } from "node:crypto";
import { IncidentBook } from "../../incidents/incident-book.js";
import { IncidentPruner, runIncidentRetention } from "../../incidents/incident-retention.js";
import { IncidentStore } from "../../incidents/incident-store.js";
import type { Component } from "../lifecycle.js";
import type { EngineUnit } from "./engine.js";
import { started } from "./late.js";
import type { GatewayContext } from "./parts.js";
import type { StoreUnit } from "./store.js";

/**
 * Incident records: the book the requests component registers `request/incident` on (its changes
 * reported through the engine like any command's), and the removal of closed incidents past their
 * retention when the site sets one.
 */
export class IncidentsUnit implements Component {
  readonly name = "incidents";
  private retention: { stop(): void } | undefined;
  private opened: IncidentBook | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly store: StoreUnit,
    private readonly engine: EngineUnit,
  ) {}

  start(): void {
    const { ctx } = this;
    const db = this.store.db;
    const engine = this.engine.engine;
    this.opened = new IncidentBook({ store: new IncidentStore(db), now: () => ctx.timers.now(), newId: randomUUID, report: (e) => void engine.report(e) });
    const retentionMs = ctx.model.incidents?.retentionMs ?? null;
    if (retentionMs !== null) this.retention = runIncidentRetention(new IncidentPruner(db, retentionMs), ctx.timers, ctx.log.child({ mod: "incidents/retention" }));
  }

  stop(): void {
    this.retention?.stop();
  }

  /** Incident records officers keep (see incidents/incident-book.ts). */
  get book(): IncidentBook {
    return started(this.opened, "incidents");
  }
}
