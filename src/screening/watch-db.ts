/**
 * The watch list store: a SQLite file of its own beside the audit store, laid out as the credential
 * store (rows by version, deltas on a snapshot, parts received, a kv pointer to the live list), so
 * a list is received, made live and pruned by the same CredentialStore code.
 */
import { basename, dirname, extname, join } from "node:path";
import { CREDENTIAL_MIGRATIONS } from "../credentials/credential-db.js";
import { CredentialStore } from "../credentials/credential-store.js";
import { openDatabase, type Database } from "../store/database.js";
import { KeyValue } from "../store/kv.js";
import type { Logger } from "../util/log.js";

/** The watch list's file for an audit store at `storagePath`: `audit.db` → `audit.watchlist.db`. */
export function watchlistPath(storagePath: string): string {
  const ext = extname(storagePath);
  return join(dirname(storagePath), `${basename(storagePath, ext)}.watchlist${ext === "" ? ".db" : ext}`);
}

/** An open watch list store and its connection (close `db` when done). */
export interface OpenWatchStore {
  readonly db: Database;
  readonly store: CredentialStore;
}

/** Open (creating and migrating if needed) the watch list store at `path`. */
export function openWatchStore(path: string, log: Logger): OpenWatchStore {
  const db = openDatabase(path, log, CREDENTIAL_MIGRATIONS);
  return { db, store: new CredentialStore(db, new KeyValue(db)) };
}
