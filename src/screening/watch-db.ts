/**
 * The watch list store: a list file of its own beside the audit store (lists/list-db.ts), so a
 * list is received, made live and pruned by the same code as the credential list.
 */
import { listPath } from "../lists/list-db.js";

/** The watch list's file for an audit store at `storagePath`: `audit.db` → `audit.watchlist.db`. */
export function watchlistPath(storagePath: string): string {
  return listPath(storagePath, "watchlist");
}
