import { KeyValue } from "../../store/kv.js";
import { Pruner } from "../../store/retention.js";
import { AuditHeadPublisher } from "../audit-head.js";
import type { Component } from "../lifecycle.js";
import { RetentionRunner } from "../retention-runner.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/**
 * The audit log's upkeep, once the broker is up: the chain's head on `state/audit` (retained, and
 * forwarded by the uplink), and pruning to `storage.retention` when the site sets it, bounded by the
 * district's outbox cursor when the site has an uplink.
 */
export function auditComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  let head: AuditHeadPublisher | undefined;
  let retention: RetentionRunner | undefined;
  return {
    name: "audit",
    start: () => {
      const db = part(parts, "db");
      const log = ctx.log.child({ mod: "store/audit" });
      head = new AuditHeadPublisher(part(parts, "events"), new KeyValue(db), (p) => ctx.retained.set(ctx.topics.auditState, p), ctx.timers, log);
      head.start();
      const policy = ctx.model.retention;
      if (policy === undefined || policy === null) return;
      const hasUplink = ctx.model.uplink !== undefined && ctx.model.uplink !== null;
      retention = new RetentionRunner(new Pruner(db, policy, hasUplink ? "district" : null), ctx.timers, log);
      retention.start();
    },
    stop: () => {
      retention?.stop();
      head?.stop();
    },
  };
}
