import type { AuditStatePayload } from "../bus/topics.js";
import { readCheckpoint } from "../store/audit-chain.js";
import type { EventLog } from "../store/event-log.js";
import type { KeyValue } from "../store/kv.js";
import type { TimerApi } from "../time/timers.js";
import type { Logger } from "../util/log.js";

/**
 * How often the chain's head is published when it moved. A minute bounds what a rewrite can hide
 * between two heads the district holds, for one indexed read a minute.
 */
export const AUDIT_HEAD_MS = 60_000;

/**
 * Publishes the head of the audit log's hash chain on `state/audit` (retained, forwarded to the
 * district by the uplink): at start, then every AUDIT_HEAD_MS when it changed. A district that keeps
 * the heads it received can tell a log truncated or rewritten since (`gatehouse verify-log --head`).
 */
export class AuditHeadPublisher {
  private timer: unknown = null;
  private lastJson = "";

  constructor(
    private readonly events: EventLog,
    private readonly kv: KeyValue,
    private readonly publish: (payload: AuditStatePayload) => void,
    private readonly timers: TimerApi,
    private readonly log: Logger,
  ) {}

  /** Publish now and every AUDIT_HEAD_MS until `stop`. */
  start(): void {
    this.tick();
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** The current head, as published. */
  head(): AuditStatePayload {
    const head = this.events.chainHead();
    const checkpoint = readCheckpoint(this.kv);
    return { seq: head.seq, hash: head.hash, ts: head.ts, checkpoint_seq: checkpoint.seq, checkpoint_hash: checkpoint.hash };
  }

  private tick(): void {
    try {
      const head = this.head();
      const json = JSON.stringify(head);
      if (json !== this.lastJson) {
        this.lastJson = json;
        this.publish(head);
      }
    } catch (err) {
      this.log.error({ err }, "audit chain head not published");
    }
    this.timer = this.timers.setTimeout(() => this.tick(), AUDIT_HEAD_MS);
  }
}
