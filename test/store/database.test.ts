import { writeFileSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { beforeEach, describe, expect, it } from "vitest";
import { GatewayError } from "../../src/util/errors.js";
import { silentLogger } from "../../src/util/log.js";
import { applyMigrations, openDatabase, userVersion, type Database } from "../../src/store/database.js";
import { LATEST_VERSION, MIGRATIONS, type Migration } from "../../src/store/migrations.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const log = silentLogger();
const cleanups = cleanupsAfterEach();
let dir: string;

/** Close `db` after the test, unless the test closed it itself. */
function track(db: Database): Database {
  cleanups.push(() => {
    if (db.open) db.close();
  });
  return db;
}

function openError(path: string): GatewayError {
  try {
    track(openDatabase(path, log));
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error(`openDatabase(${path}) succeeded`);
}

function tableNames(db: Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
}

beforeEach(() => {
  dir = tempDir(cleanups, "gatehouse-db-");
});

describe("openDatabase", () => {
  it("creates missing parent directories and sets the durability pragmas", () => {
    const db = track(openDatabase(join(dir, "a", "b", "audit.db"), log));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    // 2 = FULL: every commit is fsynced, so an acted-on event survives a power cut.
    expect(db.pragma("synchronous", { simple: true })).toBe(2);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBeGreaterThan(0);
  });

  it("applies the migrations to a new file and records the version", () => {
    const db = track(openDatabase(join(dir, "audit.db"), log));
    expect(userVersion(db)).toBe(LATEST_VERSION);
    expect(tableNames(db)).toEqual(["alarms", "drills", "events", "incident_history", "incidents", "kv", "muster_people", "musters", "uplink_outbox", "visitors"]);
    const indexes = db.prepare<[], { name: string }>("PRAGMA index_list(events)").all().map((r) => r.name);
    expect(indexes).toContain("events_type_seq");
  });

  it("re-opening an up-to-date store changes nothing and keeps its data", () => {
    const path = join(dir, "audit.db");
    const first = openDatabase(path, log);
    first.prepare("INSERT INTO kv (key, value, updated_at) VALUES ('k', '1', 't')").run();
    first.close();
    // The migration uses plain CREATE TABLE, so running it a second time would throw here.
    const second = track(openDatabase(path, log));
    expect(userVersion(second)).toBe(LATEST_VERSION);
    expect(second.prepare("SELECT value FROM kv WHERE key = 'k'").pluck().get()).toBe("1");
  });

  it("refuses a store written by a newer gateway and leaves it untouched", () => {
    const path = join(dir, "audit.db");
    openDatabase(path, log).close();
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();

    const err = openError(path);
    expect(err.code).toBe("STORE_OPEN");
    expect(err.message).toContain(path);
    expect(err.message).toContain("newer");

    const check = new BetterSqlite3(path);
    expect(userVersion(check)).toBe(LATEST_VERSION + 1);
    check.close();
  });

  it("fails with STORE_OPEN naming the path when the parent is a regular file", () => {
    const file = join(dir, "not-a-dir");
    writeFileSync(file, "x");
    const path = join(file, "audit.db");
    const err = openError(path);
    expect(err.code).toBe("STORE_OPEN");
    expect(err.message).toContain(path);
    expect(err.cause).toBeInstanceOf(Error);
  });

  it("fails with STORE_OPEN when the file is not a database", () => {
    const path = join(dir, "garbage.db");
    writeFileSync(path, Buffer.alloc(4096, 0xa5));
    const err = openError(path);
    expect(err.code).toBe("STORE_OPEN");
    expect(err.message).toContain(path);
    expect(err.cause).toBeInstanceOf(Error);
  });
});

describe("applyMigrations", () => {
  it("the shipped migrations are numbered 1, 2, 3… in order", () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it("a failing step rolls back entirely and leaves the previous version", () => {
    const db = track(new BetterSqlite3(join(dir, "raw.db")));
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: "broken",
        up: "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);",
      },
    ];
    expect(() => applyMigrations(db, log, broken)).toThrow(/no_such_table/);
    expect(userVersion(db)).toBe(LATEST_VERSION);
    expect(tableNames(db)).not.toContain("half_done");
  });

  it("refuses a history with a gap in its versions", () => {
    const db = track(new BetterSqlite3(join(dir, "raw.db")));
    const gap: Migration[] = [{ version: 2, name: "skips one", up: "CREATE TABLE t (x INTEGER);" }];
    expect(() => applyMigrations(db, log, gap)).toThrow(GatewayError);
    expect(userVersion(db)).toBe(0);
    expect(tableNames(db)).toEqual([]);
  });
});
