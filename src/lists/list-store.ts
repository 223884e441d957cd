import { z } from "zod";
import type { Database } from "../store/database.js";
import type { KeyValue } from "../store/kv.js";

/** Which district list is live: a snapshot and the deltas applied on top of it. */
export interface LivePointer {
  readonly snapshot: string;
  readonly version: string;
  /** Deltas applied on top of the snapshot (their seq runs 1..deltaSeq). */
  readonly deltaSeq: number;
  readonly holders: number;
}

/** The key of the live pointer (named after the first list kept this way; every list file uses it). */
const LIVE_KEY = "credentials.live";
const LiveSchema = z.strictObject({
  snapshot: z.string(),
  version: z.string(),
  deltaSeq: z.number().int().nonnegative(),
  holders: z.number().int().nonnegative(),
});

/** What a list stores per row: its id, and the whole row as JSON (holders, or watch list entries). */
export interface ListRow {
  readonly id: string;
}

/** A stored holder row. */
export interface HolderRow {
  readonly holder_id: string;
  readonly body: string;
}

/** A stored delta row: body null removes the holder. */
export interface DeltaRow {
  readonly holder_id: string;
  readonly body: string | null;
}

/**
 * A versioned district list in a SQLite file of its own (see LIST_MIGRATIONS): snapshots received
 * in numbered parts, deltas on top of the live snapshot, and the pointer to the live list.
 */
export class ListStore {
  constructor(
    private readonly db: Database,
    private readonly kv: KeyValue,
  ) {}

  /** The live list, or null when the district never sent one. */
  live(): LivePointer | null {
    return this.kv.get(LIVE_KEY, LiveSchema) ?? null;
  }

  /**
   * Store one part of a snapshot being received, its rows and its count in one transaction, and
   * return how many of its parts are now here. A part announcing another count than the parts
   * before it throws RangeError and stores nothing.
   */
  stagePart(version: string, part: number, parts: number, holders: readonly ListRow[], pace: () => void = () => undefined): { received: number; holders: number } {
    const row = this.unsynced(() => {
      const other = this.db
        .prepare<[string, number], { parts: number }>("SELECT parts FROM credential_parts WHERE version = ? AND parts != ? LIMIT 1")
        .get(version, parts);
      if (other !== undefined) throw new RangeError(`version ${version} was announced with ${other.parts} parts`);
      const insert = this.db.prepare<[string, string, string]>(
        "INSERT OR REPLACE INTO credential_rows (version, holder_id, body) VALUES (?, ?, ?)",
      );
      for (const h of holders) {
        pace();
        insert.run(version, h.id, JSON.stringify(h));
      }
      this.db
        .prepare("INSERT OR REPLACE INTO credential_parts (version, part, parts, holders) VALUES (?, ?, ?, ?)")
        .run(version, part, parts, holders.length);
      return this.db
        .prepare<[string], { received: number; holders: number | null }>(
          "SELECT count(*) AS received, sum(holders) AS holders FROM credential_parts WHERE version = ?",
        )
        .get(version);
    });
    return { received: row?.received ?? 0, holders: row?.holders ?? 0 };
  }

  /**
   * One transaction without its own fsync. A staged part counts only once the whole list is
   * committed, and the FULL commit of the live pointer syncs the WAL with every part in it; without
   * this a list of a million holders waits on two thousand fsyncs. Set and reset in one synchronous
   * run, so no other write sees the lower level.
   */
  private unsynced<T>(work: () => T): T {
    this.db.pragma("synchronous = NORMAL");
    try {
      return this.db.transaction(work)();
    } finally {
      this.db.pragma("synchronous = FULL");
    }
  }

  /** Holder rows of a snapshot after a holder id (keyset paging: no cursor stays open between slices). */
  rows(snapshot: string, afterId: string, limit: number): HolderRow[] {
    return this.db
      .prepare<[string, string, number], HolderRow>(
        "SELECT holder_id, body FROM credential_rows WHERE version = ? AND holder_id > ? ORDER BY holder_id LIMIT ?",
      )
      .all(snapshot, afterId, limit);
  }

  /** Every delta row on top of a snapshot, oldest first. */
  deltas(snapshot: string): DeltaRow[] {
    return this.db
      .prepare<[string], DeltaRow>("SELECT holder_id, body FROM credential_deltas WHERE snapshot = ? ORDER BY seq, holder_id")
      .all(snapshot);
  }

  /** Make a fully received snapshot live. */
  commitSnapshot(version: string, holders: number, now: number): LivePointer {
    const live: LivePointer = { snapshot: version, version, deltaSeq: 0, holders };
    this.kv.set(LIVE_KEY, live, now);
    return live;
  }

  /** Record a delta on top of the live list and make it live, in one transaction. */
  commitDelta(base: LivePointer, version: string, upsert: readonly ListRow[], remove: readonly string[], holders: number, now: number): LivePointer {
    const live: LivePointer = { snapshot: base.snapshot, version, deltaSeq: base.deltaSeq + 1, holders };
    this.db.transaction(() => {
      const insert = this.db.prepare<[string, number, string, string, string | null]>(
        "INSERT OR REPLACE INTO credential_deltas (snapshot, seq, version, holder_id, body) VALUES (?, ?, ?, ?, ?)",
      );
      for (const h of upsert) insert.run(base.snapshot, live.deltaSeq, version, h.id, JSON.stringify(h));
      for (const id of remove) insert.run(base.snapshot, live.deltaSeq, version, id, null);
      this.kv.set(LIVE_KEY, live, now);
    })();
    return live;
  }

  /**
   * Delete up to `limit` rows of lists other than `keep` (the live one and one being received):
   * old snapshots and their deltas. Returns how many rows went; call again until 0. Every stored
   * list has part rows, so the lists are found without scanning the holder rows.
   */
  prune(keep: readonly string[], limit: number): number {
    const stale = this.db
      .prepare<[string], { version: string }>(
        "SELECT DISTINCT version FROM credential_parts WHERE version NOT IN (SELECT value FROM json_each(?))",
      )
      .all(JSON.stringify(keep));
    const version = stale[0]?.version;
    if (version === undefined) return 0;
    const rows = this.db
      .prepare(
        `DELETE FROM credential_rows WHERE version = ? AND holder_id IN (
           SELECT holder_id FROM credential_rows WHERE version = ? LIMIT ?)`,
      )
      .run(version, version, limit).changes;
    if (rows < limit) {
      this.db.prepare("DELETE FROM credential_parts WHERE version = ?").run(version);
      this.db.prepare("DELETE FROM credential_deltas WHERE snapshot = ?").run(version);
    }
    return Math.max(rows, 1);
  }
}
