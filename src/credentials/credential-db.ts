/**
 * The district credential store: a SQLite file of its own beside the audit store. A list of a
 * million holders is written there by a worker thread, so applying it never holds the audit log's
 * write lock nor makes the main thread wait on its checkpoints.
 */
import { basename, dirname, extname, join } from "node:path";
import type { Logger } from "../util/log.js";
import { openDatabase, type Database } from "../store/database.js";
import type { Migration } from "../store/migrations.js";
import { KeyValue } from "../store/kv.js";
import { CredentialStore } from "./credential-store.js";

/**
 * Schema history of the credential store (append-only, as the audit store's). Snapshot rows by
 * version, deltas on top of the snapshot they extend, the parts of a snapshot received so far, and
 * a kv pointer to the live list, switched in one small transaction once the new list is indexed.
 */
export const CREDENTIAL_MIGRATIONS: readonly Migration[] = [
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

/** The credential store's file for an audit store at `storagePath`: `audit.db` → `audit.credentials.db`. */
export function credentialsPath(storagePath: string): string {
  const ext = extname(storagePath);
  return join(dirname(storagePath), `${basename(storagePath, ext)}.credentials${ext === "" ? ".db" : ext}`);
}

/** An open credential store and the connection it uses (close `db` when done). */
export interface OpenCredentialStore {
  readonly db: Database;
  readonly store: CredentialStore;
}

/** Open (creating and migrating if needed) the credential store at `path`. */
export function openCredentialStore(path: string, log: Logger): OpenCredentialStore {
  const db = openDatabase(path, log, CREDENTIAL_MIGRATIONS);
  return { db, store: new CredentialStore(db, new KeyValue(db)) };
}
