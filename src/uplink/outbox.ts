/**
 * The uplink's durable outbox: a cursor over the audit log's `events` table. Events are delivered in
 * seq order from the first one the district broker has not acknowledged; nothing is kept in memory
 * that a restart would lose (urgent events acknowledged ahead of the cursor are only resent). The
 * backlog quota skips old routine events, never the events `KEPT_SQL` names. Urgent events the store
 * could not write yet (a full disk) are read from memory, so they still go ahead.
 */
import type { Database, Statement } from "better-sqlite3";
import { isUrgent } from "../core/event-classes.js";
import type { StoredEvent } from "../core/events.js";
import { GatewayError } from "../util/errors.js";
import { KEPT_INDEX, KEPT_SQL, URGENT_INDEX, URGENT_SQL } from "./event-classes.js";

const COLUMNS = "seq, type, ts, body";

/** One event as the outbox sends it: the stored JSON is already the wire payload. */
export interface OutboxRow {
  readonly seq: number;
  /** Event type: the last level of its topic. */
  readonly type: string;
  /** ISO 8601 time of the event. */
  readonly ts: string;
  /** The event as stored: JSON, sent as is. */
  readonly body: string;
}

/** Figures for `state/uplink` and the logs. */
export interface OutboxStats {
  /** Highest seq acknowledged in order. */
  readonly ackedSeq: number;
  /** Highest seq in the log. */
  readonly lastSeq: number;
  /** Deliverable events after the cursor, less the urgent ones already acknowledged ahead of it. */
  readonly backlog: number;
  /** `ts` of the oldest deliverable event after the cursor, null when none waits. */
  readonly oldestTs: string | null;
  /** Routine events skipped by the quota, since the store was created. */
  readonly dropped: number;
}

/** Dropped events not yet reported in an `uplink` event. */
export interface DropReport {
  /** Skipped since the last report. */
  readonly count: number;
  /** Skipped since the store was created. */
  readonly total: number;
  /** The drop floor: routine events at or below it are not forwarded. */
  readonly throughSeq: number;
}

interface CursorRow {
  acked_seq: number;
  drop_floor: number;
  dropped: number;
  reported: number;
}

/**
 * Fraction of the quota freed when it is exceeded. Dropping a tenth at a time moves the floor (one
 * durable write) once per 10% of the quota instead of once per new event.
 */
const DROP_FRACTION = 0.1;

/** Events stamped but not in the store yet, in seq order (held in memory while the disk is full). */
export type UnwrittenEvents = () => readonly StoredEvent[];

/** Cursor, quota and reads of one uplink's outbox. One instance per open database. */
export class Outbox {
  private acked: number;
  private floor: number;
  private droppedTotal: number;
  private reported: number;
  private dirty = false;
  /** Urgent events above the cursor the district broker acknowledged ahead of it (not durable). */
  private readonly ahead = new Set<number>();
  private readonly afterStmt: Statement<[Record<string, number>], OutboxRow>;
  private readonly keptStmt: Statement<[Record<string, number>], OutboxRow>;
  private readonly keptCountStmt: Statement<[Record<string, number>], { n: number }>;
  private readonly urgentStmt: Statement<[Record<string, number>], OutboxRow>;
  private readonly rangeCountStmt: Statement<[Record<string, number>], { n: number }>;
  private readonly maxStmt: Statement<[], { m: number | null }>;
  private readonly saveStmt: Statement<[CursorRow & { name: string; updated_at: string }]>;

  /**
   * @param db a store opened by `openDatabase` (schema version 2 or later).
   * @param name the outbox row; one per uplink.
   * @param unwritten events not in the store yet; their urgent ones are sent ahead all the same.
   */
  constructor(
    db: Database,
    private readonly name = "district",
    private readonly unwritten: UnwrittenEvents = () => [],
  ) {
    const range = "seq > @from AND seq <= @to";
    this.afterStmt = db.prepare(`SELECT ${COLUMNS} FROM events WHERE seq > @after ORDER BY seq LIMIT @limit`);
    const kept = `events INDEXED BY ${KEPT_INDEX} WHERE ${range} AND ${KEPT_SQL}`;
    this.keptStmt = db.prepare(`SELECT ${COLUMNS} FROM ${kept} ORDER BY seq LIMIT @limit`);
    this.keptCountStmt = db.prepare(`SELECT count(*) AS n FROM ${kept}`);
    this.urgentStmt = db.prepare(
      `SELECT ${COLUMNS} FROM events INDEXED BY ${URGENT_INDEX} WHERE seq > @after AND ${URGENT_SQL} ORDER BY seq LIMIT @limit`,
    );
    this.rangeCountStmt = db.prepare(`SELECT count(*) AS n FROM events WHERE ${range}`);
    this.maxStmt = db.prepare("SELECT max(seq) AS m FROM events");
    this.saveStmt = db.prepare(
      `INSERT INTO uplink_outbox (name, acked_seq, drop_floor, dropped, reported, updated_at)
       VALUES (@name, @acked_seq, @drop_floor, @dropped, @reported, @updated_at)
       ON CONFLICT (name) DO UPDATE SET acked_seq = excluded.acked_seq, drop_floor = excluded.drop_floor,
         dropped = excluded.dropped, reported = excluded.reported, updated_at = excluded.updated_at`,
    );
    const row = db
      .prepare<[string], CursorRow>("SELECT acked_seq, drop_floor, dropped, reported FROM uplink_outbox WHERE name = ?")
      .get(name);
    this.acked = row?.acked_seq ?? 0;
    this.floor = row?.drop_floor ?? 0;
    this.droppedTotal = row?.dropped ?? 0;
    this.reported = row?.reported ?? 0;
  }

  /** Highest seq acknowledged in order (in memory; `flush` makes it durable). */
  get ackedSeq(): number {
    return this.acked;
  }

  /**
   * Up to `limit` deliverable events with seq greater than `after`, in seq order: the kept events at
   * or below the drop floor (found through their index), then everything above it.
   */
  next(after: number, limit: number): OutboxRow[] {
    if (limit <= 0) return [];
    if (after >= this.floor) return this.afterStmt.all({ after, limit });
    const kept = this.keptStmt.all({ from: after, to: this.floor, limit });
    if (kept.length >= limit) return kept;
    return kept.concat(this.afterStmt.all({ after: this.floor, limit: limit - kept.length }));
  }

  /**
   * Up to `limit` urgent events with seq greater than `after`, in seq order (never dropped by the
   * quota): the stored ones, then those held in memory that the store has not written yet.
   */
  urgent(after: number, limit: number): OutboxRow[] {
    if (limit <= 0) return [];
    const rows = this.urgentStmt.all({ after, limit });
    let from = rows.at(-1)?.seq ?? after;
    for (const e of this.unwritten()) {
      if (rows.length >= limit) break;
      if (e.seq <= from || !isUrgent(e)) continue;
      rows.push({ seq: e.seq, type: e.type, ts: e.ts, body: JSON.stringify(e) });
      from = e.seq;
    }
    return rows;
  }

  /** The district broker acknowledged every deliverable event up to `seq`. */
  ack(seq: number): void {
    if (seq <= this.acked) return;
    this.acked = seq;
    this.dirty = true;
    for (const s of this.ahead) if (s <= seq) this.ahead.delete(s);
  }

  /**
   * The district broker acknowledged the urgent event `seq`, sent ahead of the cursor. Kept in memory
   * until the cursor passes it, so the ordered drain does not send it again; after a restart it is.
   */
  ackAhead(seq: number): void {
    if (seq > this.acked) this.ahead.add(seq);
  }

  /** Whether `seq` was acknowledged ahead of the cursor (since this outbox was opened). */
  isAckedAhead(seq: number): boolean {
    return this.ahead.has(seq);
  }

  /** Write the cursor if it moved. Throws GatewayError("STORE_WRITE") when the store fails. */
  flush(now: number): void {
    if (this.dirty) this.save(now);
  }

  /** Highest seq in the log; 0 when empty. */
  lastSeq(): number {
    return this.maxStmt.get()?.m ?? 0;
  }

  /**
   * Backlog figures, without reading the backlog: seqs above the cursor are contiguous (retention
   * prunes only acknowledged events: store/retention.ts), so the events above the floor are counted
   * by arithmetic, the kept ones below it through their index.
   */
  stats(): OutboxStats {
    const last = this.lastSeq();
    const base = Math.max(this.acked, this.floor);
    const kept = base > this.acked ? (this.keptCountStmt.get({ from: this.acked, to: base })?.n ?? 0) : 0;
    const oldest = this.next(this.acked, this.ahead.size + 1).find((row) => !this.ahead.has(row.seq));
    return {
      ackedSeq: this.acked,
      lastSeq: last,
      backlog: Math.max(0, last - base) + kept - this.ahead.size,
      oldestTs: oldest?.ts ?? null,
      dropped: this.droppedTotal,
    };
  }

  /**
   * Keep at most `maxEvents` routine events waiting: when more wait, raise the floor so that only the
   * newest (1 − DROP_FRACTION) × maxEvents remain, counting the routine events it passes over.
   * Returns how many were dropped now.
   */
  enforceQuota(maxEvents: number, now: number): number {
    const last = this.lastSeq();
    const base = Math.max(this.acked, this.floor);
    if (last - base <= maxEvents) return 0;
    const keep = Math.floor(maxEvents * (1 - DROP_FRACTION));
    const newFloor = last - keep;
    const range = { from: base, to: newFloor };
    const n = (this.rangeCountStmt.get(range)?.n ?? 0) - (this.keptCountStmt.get(range)?.n ?? 0);
    this.floor = newFloor;
    this.droppedTotal += n;
    this.save(now);
    return n;
  }

  /** Dropped events not reported yet; null when there are none. */
  dropReport(): DropReport | null {
    const count = this.droppedTotal - this.reported;
    if (count <= 0) return null;
    return { count, total: this.droppedTotal, throughSeq: this.floor };
  }

  /** `report` was recorded: it is not reported again, also after a restart. */
  markReported(report: DropReport, now: number): void {
    this.reported = Math.max(this.reported, report.total);
    this.save(now);
  }

  private save(now: number): void {
    try {
      this.saveStmt.run({
        name: this.name,
        acked_seq: this.acked,
        drop_floor: this.floor,
        dropped: this.droppedTotal,
        reported: this.reported,
        updated_at: new Date(now).toISOString(),
      });
      this.dirty = false;
    } catch (err) {
      throw new GatewayError("STORE_WRITE", "cannot store the uplink cursor", { cause: err });
    }
  }
}
