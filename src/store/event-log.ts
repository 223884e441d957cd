/**
 * The append-only audit log: every event the gateway recorded, with a per-site sequence number that
 * keeps counting across restarts, so consumers can page with "everything after seq N".
 */
import { randomUUID } from "node:crypto";
import type { Database, Statement, Transaction } from "better-sqlite3";
import { z } from "zod";
import type { EventBody, StoredEvent } from "../core/events.js";
import { GatewayError } from "../util/errors.js";
import { chainHash, readCheckpoint } from "./audit-chain.js";
import { KeyValue } from "./kv.js";

/**
 * The kv key holding the highest seq ever handed out. Reserved for the event log.
 *
 * `seq` is an `INTEGER PRIMARY KEY` without AUTOINCREMENT, and `max(seq)` alone would hand a pruned
 * or deleted tail's numbers out again: a consumer that already saw seq 41 would then skip the new 41
 * as a duplicate. The mark is written in the same transaction as the batch, so it can never fall
 * behind the rows, and on open the log continues from the larger of the mark and `max(seq)`.
 */
export const SEQ_HIGH_WATER_KEY = "event_log.last_seq";

const highWaterSchema = z.number().int().nonnegative();

interface EventRow {
  seq: number;
  body: string;
}

interface InsertRow {
  seq: number;
  id: string;
  ts: string;
  type: string;
  body: string;
  hash: string;
}

/** The newest link of the hash chain: the last stored event's, or the checkpoint's when none follows it. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
  /** `ts` of that event; null for a checkpoint. */
  readonly ts: string | null;
}

interface HeadRow {
  seq: number;
  ts: string;
  hash: string | null;
}

/** Append and read the `events` table. One instance per open database. */
export class EventLog {
  private readonly kv: KeyValue;
  private readonly insertStmt: Statement<InsertRow>;
  private readonly afterStmt: Statement<[number, number], EventRow>;
  private readonly byTypeStmt: Statement<[string, number], EventRow>;
  private readonly countStmt: Statement<[], { n: number }>;
  private readonly headStmt: Statement<[], HeadRow>;
  private readonly appendTx: Transaction<(events: readonly StoredEvent[], now: number) => void>;
  /** Last seq handed out; cached so an append never re-reads max(seq). */
  private last: number;
  /**
   * The chain's head hash once the batch that made it is known to be committed; null: read it from
   * the store. A batch written inside a caller's transaction counts only once the caller confirms
   * its commit (`committed`): were that transaction rolled back (a full disk), the next batch must not
   * chain to events that were never stored.
   */
  private head: string | null = null;
  /** The head hash the last batch wrote, until its commit is known. */
  private written: string | null = null;

  /** @param db a store opened by `openDatabase`. */
  constructor(private readonly db: Database) {
    this.kv = new KeyValue(db);
    this.insertStmt = db.prepare<InsertRow>(
      "INSERT INTO events (seq, id, ts, type, body, hash) VALUES (@seq, @id, @ts, @type, @body, @hash)",
    );
    this.afterStmt = db.prepare<[number, number], EventRow>(
      "SELECT seq, body FROM events WHERE seq > ? ORDER BY seq ASC LIMIT ?",
    );
    this.byTypeStmt = db.prepare<[string, number], EventRow>(
      "SELECT seq, body FROM events WHERE type = ? ORDER BY seq DESC LIMIT ?",
    );
    this.countStmt = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM events");
    this.headStmt = db.prepare<[], HeadRow>("SELECT seq, ts, hash FROM events ORDER BY seq DESC LIMIT 1");
    this.appendTx = db.transaction((events: readonly StoredEvent[], now: number) => {
      let prev = this.head ?? this.chainHead().hash;
      this.head = this.written = null;
      for (const event of events) {
        const { seq, id, ts, type } = event;
        const row = { seq, id, ts, type, body: JSON.stringify(event) };
        prev = chainHash(prev, row);
        this.insertStmt.run({ ...row, hash: prev });
      }
      this.written = prev;
      const lastEvent = events.at(-1);
      if (lastEvent !== undefined) this.kv.set(SEQ_HIGH_WATER_KEY, lastEvent.seq, now);
    });
    const maxRow = db.prepare<[], { m: number | null }>("SELECT max(seq) AS m FROM events").get();
    this.last = Math.max(maxRow?.m ?? 0, this.kv.get(SEQ_HIGH_WATER_KEY, highWaterSchema) ?? 0);
  }

  /**
   * Append a batch in one transaction and return it as stored (keys: id, seq, ts, then the body).
   * With `synchronous = FULL` the commit is on disk when this returns. On any failure nothing of
   * the batch is stored, the seq counter is unchanged, and GatewayError("STORE_WRITE") is thrown.
   */
  append(bodies: readonly EventBody[], now: number): StoredEvent[] {
    if (bodies.length === 0) return [];
    try {
      const ts = new Date(now).toISOString();
      const events = bodies.map((body, index) => stamp(body, this.last + index + 1, ts));
      this.appendTx(events, now);
      if (!this.db.inTransaction) this.committed();
      this.last += events.length;
      return events;
    } catch (err) {
      throw new GatewayError("STORE_WRITE", `cannot append ${bodies.length} event(s) to the audit log`, {
        cause: err,
      });
    }
  }

  /**
   * Give a batch its identity, seq and time without writing it, and count the seqs as handed out:
   * for events that must be published while the store cannot write, and written later, in order,
   * by `writeReserved`.
   */
  reserve(bodies: readonly EventBody[], now: number): StoredEvent[] {
    const ts = new Date(now).toISOString();
    const events = bodies.map((body, index) => stamp(body, this.last + index + 1, ts));
    this.last += events.length;
    return events;
  }

  /** Write events made by `reserve`, in one transaction. Throws GatewayError("STORE_WRITE"). */
  writeReserved(events: readonly StoredEvent[], now: number): void {
    try {
      this.appendTx(events, now);
      if (!this.db.inTransaction) this.committed();
    } catch (err) {
      throw new GatewayError("STORE_WRITE", `cannot write ${events.length} held event(s) to the audit log`, { cause: err });
    }
  }

  /**
   * The transaction that wrapped the last batch committed: the next batch chains from it without
   * reading the head back. Call it only after that commit returned; without it the head is read.
   */
  committed(): void {
    if (this.written !== null) this.head = this.written;
    this.written = null;
  }

  /** The highest seq ever appended (also after its row was deleted); 0 for a new store. */
  lastSeq(): number {
    return this.last;
  }

  /** The hash chain's newest link (see audit-chain.ts). */
  chainHead(): ChainHead {
    const row = this.headStmt.get();
    if (row?.hash != null) return { seq: row.seq, hash: row.hash, ts: row.ts };
    const checkpoint = readCheckpoint(this.kv);
    return { seq: checkpoint.seq, hash: checkpoint.hash, ts: null };
  }

  /** Up to `limit` events with seq greater than `seq`, oldest first: the paging primitive. */
  readAfter(seq: number, limit: number): StoredEvent[] {
    if (limit <= 0) return [];
    return this.afterStmt.all(seq, limit).map(parseRow);
  }

  /** Number of events currently stored. */
  count(): number {
    return this.countStmt.get()?.n ?? 0;
  }

  /** Up to `limit` events of one type, newest first. */
  byType(type: EventBody["type"], limit: number): StoredEvent[] {
    if (limit <= 0) return [];
    return this.byTypeStmt.all(type, limit).map(parseRow);
  }
}

/** The stored form: identity first for readable JSON; set again after the spread so a body cannot override it. */
function stamp(body: EventBody, seq: number, ts: string): StoredEvent {
  const id = randomUUID();
  const event: StoredEvent = { id, seq, ts, ...body };
  event.id = id;
  event.seq = seq;
  event.ts = ts;
  return event;
}

function parseRow(row: EventRow): StoredEvent {
  try {
    // The body was written by append() from a typed StoredEvent; the store is its only writer.
    return JSON.parse(row.body) as StoredEvent;
  } catch (err) {
    throw new GatewayError("STORE_OPEN", `stored event seq ${row.seq} is not valid JSON`, { cause: err });
  }
}
