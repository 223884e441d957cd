/**
 * Schema history of the audit store. Each entry runs once, in its own transaction, and leaves its
 * version in `PRAGMA user_version`. Entries are append-only: a released migration is never edited,
 * a change to the schema is a new entry with the next version.
 */

/** One step of the schema history. */
export interface Migration {
  /** Positive, strictly increasing by one from 1; stored in `PRAGMA user_version` once applied. */
  readonly version: number;
  /** Short human name, logged when the step is applied. */
  readonly name: string;
  /** SQL run as one script inside the step's transaction. */
  readonly up: string;
}

/**
 * Every migration, oldest first. The statements use plain `CREATE` (no `IF NOT EXISTS`) so that a
 * step applied twice fails loudly instead of silently hiding a version bookkeeping bug.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "events and kv",
    up: `
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        ts TEXT NOT NULL,
        type TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX events_type_seq ON events (type, seq);
      CREATE TABLE kv (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
];

/** The schema version this code writes; a store with a higher `user_version` is refused. */
export const LATEST_VERSION: number = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
