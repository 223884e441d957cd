/**
 * A district list's SQLite file, beside the audit store. A list of a million rows is written there
 * by a worker thread, so applying it never holds the audit log's write lock nor makes the main
 * thread wait on its checkpoints. Every list kind (credentials, the watch list) has this layout.
 */
import { basename, dirname, extname, join } from "node:path";
import { openDatabase, type Database } from "../store/database.js";
import { KeyValue } from "../store/kv.js";
import type { Migration } from "../store/migrations.js";
import type { Logger } from "../util/log.js";
import { ListStore } from "./list-store.js";

/**
 * Schema history of a list file (append-only, as the audit store's). Snapshot rows by version,
 * deltas on top of the snapshot they extend, the parts of a snapshot received so far, and a kv
 * pointer to the live list, switched in one small transaction once the new list is indexed. The
 * table names are those of the first list kept this way; files already written keep working.
 */
export const LIST_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "district credentials",
    up: `
      CREATE TABLE kv (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE credential_rows (
        version TEXT NOT NULL,
        holder_id TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (version, holder_id)
      ) WITHOUT ROWID;
      CREATE TABLE credential_parts (
        version TEXT NOT NULL,
        part INTEGER NOT NULL,
        parts INTEGER NOT NULL,
        holders INTEGER NOT NULL,
        PRIMARY KEY (version, part)
      ) WITHOUT ROWID;
      CREATE TABLE credential_deltas (
        snapshot TEXT NOT NULL,
        seq INTEGER NOT NULL,
        version TEXT NOT NULL,
        holder_id TEXT NOT NULL,
        body TEXT,
        PRIMARY KEY (snapshot, seq, holder_id)
      ) WITHOUT ROWID;
    `,
  },
];

/** The file of list `kind` for an audit store at `storagePath`: `audit.db` → `audit.<kind>.db`. */
export function listPath(storagePath: string, kind: string): string {
  const ext = extname(storagePath);
  return join(dirname(storagePath), `${basename(storagePath, ext)}.${kind}${ext === "" ? ".db" : ext}`);
}

/** An open list file and the connection it uses (close `db` when done). */
export interface OpenListStore {
  readonly db: Database;
  readonly store: ListStore;
}

/** Open (creating and migrating if needed) the list file at `path`. */
export function openListStore(path: string, log: Logger): OpenListStore {
  const db = openDatabase(path, log, LIST_MIGRATIONS);
  return { db, store: new ListStore(db, new KeyValue(db)) };
}
