/** The district credential store: a list file (lists/list-db.ts) named after the audit store. */
import { listPath, openListStore, type OpenListStore } from "../lists/list-db.js";

/** The credential store's file for an audit store at `storagePath`: `audit.db` → `audit.credentials.db`. */
export function credentialsPath(storagePath: string): string {
  return listPath(storagePath, "credentials");
}

/** An open credential store and the connection it uses (close `db` when done). */
export type OpenCredentialStore = OpenListStore;

/** Open (creating and migrating if needed) the credential store at `path`. */
export const openCredentialStore = openListStore;
