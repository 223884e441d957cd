import { KeyValue } from "../../store/kv.js";
import { Pruner } from "../../store/retention.js";
import { AuditHeadPublisher } from "../audit-head.js";
import type { Component } from "../lifecycle.js";
import { RetentionRunner } from "../retention-runner.js";
import type { GatewayContext } from "./parts.js";
import type { StoreUnit } from "./store.js";

/**
 * The audit log's upkeep, once the broker is up: the chain's head on `state/audit` (retained, and
 * forwarded by the uplink), and pruning to `storage.retention` when the site sets it, bounded by the
 * district's outbox cursor when the site has an uplink.
 */
export class AuditUnit implements Component {
  readonly name = "audit";
  private head: AuditHeadPublisher | undefined;
  private retention: RetentionRunner | undefined;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly store: StoreUnit,
  ) {}

  start(): void {
    const { ctx } = this;
    const db = this.store.db;
    const log = ctx.log.child({ mod: "store/audit" });
    this.head = new AuditHeadPublisher(this.store.events, new KeyValue(db), (p) => ctx.retained.set(ctx.topics.auditState, p), ctx.timers, log);
    this.head.start();
    const policy = ctx.model.retention;
    if (policy === undefined || policy === null) return;
    const hasUplink = ctx.model.uplink !== undefined && ctx.model.uplink !== null;
    this.retention = new RetentionRunner(new Pruner(db, policy, hasUplink ? "district" : null), ctx.timers, log);
    this.retention.start();
  }

  stop(): void {
    this.retention?.stop();
    this.head?.stop();
  }
}
