/**
 * Pruning the audit log to its retention limits (`storage.retention`), one small batch per call so
 * that no transaction holds the store long. Never prunes an event the district has not acknowledged,
 * nor the newest event (the chain's head), and moves the chain's checkpoint to the last event pruned
 * in the same transaction, so that what remains verifies from it.
 */
import type { Database, Statement, Transaction } from "better-sqlite3";
import { CHECKPOINT_KEY, type ChainCheckpoint } from "./audit-chain.js";
import { KeyValue } from "./kv.js";

/** The limits, as compiled from `storage.retention`; null: no limit of that kind. */
export interface RetentionPolicy {
  /** Events older than this (by their `ts`) are pruned. */
  readonly maxAgeMs: number | null;
  /** While the log's pages take more than this, the oldest events are pruned. */
  readonly maxBytes: number | null;
}

/** What one batch did. */
export interface PruneResult {
  /** Events deleted. */
  readonly pruned: number;
  /** The store is over `maxBytes` and only undelivered events (or the head) are left to prune. */
  readonly heldBack: boolean;
}

/** Events per batch: a few milliseconds of deleting and one fsync on an SD card. */
export const PRUNE_BATCH = 500;

interface Candidate {
  seq: number;
  ts: string;
  hash: string | null;
}

/** Prunes the `events` table of one open store. */
export class Pruner {
  private readonly kv: KeyValue;
  private readonly candidatesStmt: Statement<[number, number], Candidate>;
  private readonly lastStmt: Statement<[], number | null>;
  private readonly ackedStmt: Statement<[string], number>;
  private readonly deleteTx: Transaction<(upTo: Candidate, now: number) => number>;

  /**
   * @param db a store opened by `openDatabase`.
   * @param policy the limits.
   * @param outbox the uplink outbox whose cursor bounds pruning (nothing above its acknowledged seq
   *   goes); null for a site without an uplink, whose events are delivered to nobody.
   */
  constructor(
    private readonly db: Database,
    private readonly policy: RetentionPolicy,
    private readonly outbox: string | null,
  ) {
    this.kv = new KeyValue(db);
    this.candidatesStmt = db.prepare("SELECT seq, ts, hash FROM events WHERE seq <= ? ORDER BY seq LIMIT ?");
    this.lastStmt = db.prepare<[], number | null>("SELECT max(seq) FROM events").pluck();
    this.ackedStmt = db.prepare<[string], number>("SELECT acked_seq FROM uplink_outbox WHERE name = ?").pluck();
    const deleteStmt = db.prepare<[number]>("DELETE FROM events WHERE seq <= ?");
    this.deleteTx = db.transaction((upTo: Candidate, now: number) => {
      const n = deleteStmt.run(upTo.seq).changes;
      // An event stored before the chain began has no hash: the genesis checkpoint still covers it.
      if (upTo.hash !== null) {
        const checkpoint: ChainCheckpoint = { seq: upTo.seq, hash: upTo.hash, origin: "pruned" };
        this.kv.set(CHECKPOINT_KEY, checkpoint, now);
      }
      return n;
    });
  }

  /** Delete up to PRUNE_BATCH of the oldest events past the limits. Throws GatewayError("STORE_WRITE"). */
  pruneBatch(now: number): PruneResult {
    const over = this.overSize();
    if (!over && this.policy.maxAgeMs === null) return { pruned: 0, heldBack: false };
    const limit = this.prunableThrough();
    const candidates = this.candidatesStmt.all(limit, PRUNE_BATCH);
    const cutoff = this.policy.maxAgeMs === null ? Number.NEGATIVE_INFINITY : now - this.policy.maxAgeMs;
    // Oldest first, stopping at the first event young enough to keep (a clock set back may leave
    // older ones after it: they go once it does).
    const young = over ? -1 : candidates.findIndex((c) => !(Date.parse(c.ts) < cutoff));
    const upTo = young === -1 ? candidates.at(-1) : candidates[young - 1];
    if (upTo === undefined) return { pruned: 0, heldBack: over };
    return { pruned: this.deleteTx(upTo, now), heldBack: false };
  }

  /** Bytes the store's pages hold (free pages, left by pruning and reused, excluded). */
  usedBytes(): number {
    const pragma = (name: string) => Number(this.db.pragma(name, { simple: true }));
    return (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");
  }

  private overSize(): boolean {
    return this.policy.maxBytes !== null && this.usedBytes() > this.policy.maxBytes;
  }

  /** The highest seq that may go: below the newest event, and acknowledged by the district. */
  private prunableThrough(): number {
    const beforeHead = (this.lastStmt.get() ?? 0) - 1;
    if (this.outbox === null) return beforeHead;
    return Math.min(beforeHead, this.ackedStmt.get(this.outbox) ?? 0);
  }
}
