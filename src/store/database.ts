/**
 * Opening the audit store: one SQLite file in WAL mode, tuned so that what the gateway acted on
 * survives a power cut, and brought to the current schema by the versioned migrations.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { Database } from "better-sqlite3";
import { GatewayError } from "../util/errors.js";
import type { Logger } from "../util/log.js";
import { MIGRATIONS, type Migration } from "./migrations.js";

export type { Database } from "better-sqlite3";

/**
 * How long a statement waits for a lock held by another connection (a backup or an operator's
 * `sqlite3` shell) before failing with SQLITE_BUSY. 5 s rides out a backup checkpoint yet stays
 * well inside the time a door decision can wait before the watchdog considers the process stuck.
 */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Open (creating if needed) the store at `path`, set its pragmas and apply pending migrations
 * (the audit store's unless told otherwise), with one log line. Any failure closes the file and
 * throws GatewayError("STORE_OPEN") naming the path. `log` is used as given: a caller whose logger
 * already names its module (credential sync) would otherwise get a second `mod` key in each line.
 */
export function openDatabase(path: string, log: Logger, migrations: readonly Migration[] = MIGRATIONS): Database {
  let db: Database | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new BetterSqlite3(path);
    configure(db);
    const before = userVersion(db);
    applyMigrations(db, log, migrations);
    const version = userVersion(db);
    log.info({ path, version, ...(version === before ? {} : { migrated_from: before }) }, "store opened");
    return db;
  } catch (err) {
    db?.close();
    const detail = err instanceof Error ? err.message : String(err);
    throw new GatewayError("STORE_OPEN", `cannot open store at ${path}: ${detail}`, { cause: err });
  }
}

function configure(db: Database): void {
  const mode = db.pragma("journal_mode = WAL", { simple: true });
  if (mode !== "wal") {
    throw new GatewayError("STORE_OPEN", `journal_mode is ${String(mode)}, WAL is required`);
  }
  // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss. A Raspberry Pi
  // loses power without warning, and an event the gateway acted on (a door unlocked, a lockdown
  // raised) must still be in the audit log afterwards, so every commit waits for fsync.
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

/** The schema version recorded in the file (`PRAGMA user_version`); 0 for a new file. */
export function userVersion(db: Database): number {
  return Number(db.pragma("user_version", { simple: true }));
}

/**
 * Bring `db` to the newest version in `migrations`, one transaction per step, so a failed step
 * leaves the store at the previous version. Refuses a store newer than the code: a downgraded
 * gateway writing into a schema it does not know could corrupt it.
 */
export function applyMigrations(db: Database, log: Logger, migrations: readonly Migration[] = MIGRATIONS): void {
  checkOrder(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const current = userVersion(db);
  if (current > latest) {
    throw new GatewayError(
      "STORE_OPEN",
      `store schema version ${current} is newer than this gateway supports (${latest}); upgrade the gateway`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.up);
      // user_version is part of the database header, so it commits or rolls back with the step.
      db.pragma(`user_version = ${migration.version}`);
    })();
    // At debug: "store opened" says which versions were applied, in one line.
    log.debug({ version: migration.version, name: migration.name }, "store migration applied");
  }
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new GatewayError(
        "STORE_OPEN",
        `migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}
