import { randomUUID } from "node:crypto";
import { IncidentBook } from "../../incidents/incident-book.js";
import { IncidentPruner, runIncidentRetention } from "../../incidents/incident-retention.js";
import { IncidentStore } from "../../incidents/incident-store.js";
import type { Component } from "../lifecycle.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/**
 * Incident records: the book the requests component registers `request/incident` on (its changes
 * reported through the engine like any command's), and the removal of closed incidents past their
 * retention when the site sets one.
 */
export function incidentsComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  let retention: { stop(): void } | undefined;
  return {
    name: "incidents",
    start: () => {
      const db = part(parts, "db");
      const engine = part(parts, "engine");
      parts.incidents = new IncidentBook({ store: new IncidentStore(db), now: () => ctx.timers.now(), newId: randomUUID, report: (e) => void engine.report(e) });
      const retentionMs = ctx.model.incidents?.retentionMs ?? null;
      if (retentionMs !== null) retention = runIncidentRetention(new IncidentPruner(db, retentionMs), ctx.timers, ctx.log.child({ mod: "incidents/retention" }));
    },
    stop: () => retention?.stop(),
  };
}
