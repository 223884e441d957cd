import type { Database, Statement } from "better-sqlite3";
import type { Logger } from "../util/log.js";

/** Keys of the `kv` table under which the ids of accepted district commands are kept. */
const PREFIX = "district_command_id:";
/** The first key after every key that starts with PREFIX (`:` + 1 = `;`). */
const PREFIX_END = "district_command_id;";

/**
 * Most ids remembered. A command center sends a few commands a minute and a credential list a few
 * hundred parts: 20,000 ids within one window is far beyond either, and takes a few MB at most. When
 * full, new commands are refused rather than an id forgotten early (which would let it be replayed).
 */
export const MAX_REMEMBERED_IDS = 20_000;

/** How often expired ids are deleted from the store at most. */
const STORE_SWEEP_MS = 60_000;

/**
 * Ids of the district commands accepted within the time window, so that a copy is refused as a
 * replay. Each id is kept until the window of its command has passed (after that the command is
 * refused as stale anyway). Ids are written to the audit store as they are accepted and read back at
 * start, so a restart does not reopen the window to replays.
 */
export class ReplayCache {
  private readonly ids = new Map<string, number>();
  private readonly insert: Statement<[string, string, string]>;
  private readonly sweep: Statement<[number]>;
  private lastStoreSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    now: number,
    private readonly max: number = MAX_REMEMBERED_IDS,
  ) {
    this.insert = db.prepare("INSERT OR REPLACE INTO kv (key, value, updated_at) VALUES (?, ?, ?)");
    this.sweep = db.prepare(`DELETE FROM kv WHERE key >= '${PREFIX}' AND key < '${PREFIX_END}' AND CAST(value AS INTEGER) <= ?`);
    this.load(now);
  }

  /** Ids remembered now. */
  get size(): number {
    return this.ids.size;
  }

  /** Whether a command with this id was accepted and its window has not passed. */
  has(id: string, now: number): boolean {
    const until = this.ids.get(id);
    return until !== undefined && until > now;
  }

  /**
   * Remember `id` until `until` (ms). False when the cache is full of unexpired ids: the command must
   * then be refused. A failed write to the store is logged: the id is still remembered for this run.
   */
  remember(id: string, until: number, now: number): boolean {
    if (this.ids.size >= this.max) this.forgetExpired(now);
    if (this.ids.size >= this.max) return false;
    this.ids.set(id, until);
    try {
      this.insert.run(PREFIX + id, String(until), new Date(now).toISOString());
      if (now - this.lastStoreSweep >= STORE_SWEEP_MS) {
        this.lastStoreSweep = now;
        this.sweep.run(now);
      }
    } catch (err) {
      this.log.error({ err }, "district command id not stored: a restart would forget it");
    }
    return true;
  }

  private load(now: number): void {
    const rows = this.db
      .prepare<[], { key: string; value: string }>(`SELECT key, value FROM kv WHERE key >= '${PREFIX}' AND key < '${PREFIX_END}'`)
      .all();
    for (const { key, value } of rows) {
      const until = Number(value);
      if (Number.isFinite(until) && until > now) this.ids.set(key.slice(PREFIX.length), until);
    }
    this.forgetExpired(now);
  }

  private forgetExpired(now: number): void {
    for (const [id, until] of this.ids) if (until <= now) this.ids.delete(id);
  }
}
