/**
 * Opening the audit store so that it never keeps the doors from being driven: a store SQLite calls
 * corrupt, at open or by its quick check, is moved aside (kept for the investigation, named with the
 * time) and the gateway runs on a fresh one. Any other open failure (a store newer than this code,
 * a directory it may not write) is still thrown: moving that file aside would not mend it.
 */
import { existsSync, renameSync } from "node:fs";
import type { Database } from "better-sqlite3";
import { GatewayError } from "../util/errors.js";
import type { Logger } from "../util/log.js";
import { openDatabase } from "./database.js";


/** The opened store, and where a corrupt one was moved to (null when the store was sound). */
export interface RecoveredStore {
  readonly db: Database;
  readonly movedTo: string | null;
}

function isCorruption(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    // SQLite's codes for a damaged file (and its extended SQLITE_CORRUPT_* codes), or not a database at all.
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB")) return true;
  }
  return false;
}

/** Open and check the store; throws a corruption as GatewayError("STORE_CORRUPT"). */
function openChecked(path: string, log: Logger): Database {
  const db = openDatabase(path, log);
  let verdict: unknown;
  try {
    verdict = db.pragma("quick_check", { simple: true });
  } catch (err) {
    db.close();
    throw err;
  }
  if (verdict === "ok") return db;
  db.close();
  throw new GatewayError("STORE_CORRUPT", `store at ${path} fails its quick check: ${String(verdict)}`);
}

/** Move the store and its WAL and shared-memory files aside, under `<path>.corrupt-<time>`. */
function moveAside(path: string, now: number): string {
  const target = `${path}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, "-")}`;
  for (const suffix of ["", "-wal", "-shm"]) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  }
  return target;
}

/** Open the store at `path`; a corrupt one is moved aside and a fresh one opened in its place. */
export function openOrRecover(path: string, log: Logger, now: number): RecoveredStore {
  try {
    return { db: openChecked(path, log), movedTo: null };
  } catch (err) {
    if (!(err instanceof GatewayError && err.code === "STORE_CORRUPT") && !isCorruption(err)) throw err;
    const movedTo = moveAside(path, now);
    log.error({ err, movedTo }, "store is corrupt: moved aside, running on a fresh store");
    return { db: openDatabase(path, log), movedTo };
  }
}
