import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { GatewayError } from "../../src/util/errors.js";
import { silentLogger } from "../../src/util/log.js";
import { openDatabase, type Database } from "../../src/store/database.js";
import { KeyValue } from "../../src/store/kv.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const log = silentLogger();
const NOW = Date.UTC(2025, 8, 1, 7, 30, 0);
const modeSchema = z.object({ mode: z.enum(["normal", "lockdown"]), raisedBy: z.string() });

const cleanups = cleanupsAfterEach();
let path: string;
let db: Database;

function thrown(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error("did not throw");
}

beforeEach(() => {
  path = join(tempDir(cleanups, "gatehouse-kv-"), "audit.db");
  db = openDatabase(path, log);
  // A test may close and reopen the store: close whichever handle is current, if still open.
  cleanups.push(() => {
    if (db.open) db.close();
  });
});

describe("KeyValue", () => {
  it("round-trips a value through a restart, validated by its schema", () => {
    new KeyValue(db).set("safety.mode", { mode: "lockdown", raisedBy: "office" }, NOW);
    db.close();
    db = openDatabase(path, log);
    const kv = new KeyValue(db);
    expect(kv.get("safety.mode", modeSchema)).toEqual({ mode: "lockdown", raisedBy: "office" });
    const row = db.prepare("SELECT updated_at FROM kv WHERE key = 'safety.mode'").pluck().get();
    expect(row).toBe("2025-09-01T07:30:00.000Z");
  });

  it("returns undefined for a missing key", () => {
    expect(new KeyValue(db).get("nothing", z.number())).toBeUndefined();
  });

  it("overwrites a key and updates its time", () => {
    const kv = new KeyValue(db);
    kv.set("n", 1, NOW);
    kv.set("n", 2, NOW + 1000);
    expect(kv.get("n", z.number())).toBe(2);
    expect(db.prepare("SELECT count(*) FROM kv").pluck().get()).toBe(1);
    expect(db.prepare("SELECT updated_at FROM kv WHERE key = 'n'").pluck().get()).toBe("2025-09-01T07:30:01.000Z");
  });

  it("delete removes a key and says whether it existed", () => {
    const kv = new KeyValue(db);
    kv.set("gone", "soon", NOW);
    expect(kv.delete("gone")).toBe(true);
    expect(kv.get("gone", z.string())).toBeUndefined();
    expect(kv.delete("gone")).toBe(false);
  });

  it("a stored value that is not JSON fails with STORE_OPEN naming the key", () => {
    const kv = new KeyValue(db);
    db.prepare("INSERT INTO kv (key, value, updated_at) VALUES ('safety.mode', '{trunc', 'x')").run();
    const err = thrown(() => kv.get("safety.mode", modeSchema));
    expect(err.code).toBe("STORE_OPEN");
    expect(err.message).toContain("safety.mode");
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it("a stored value that fails its schema fails with STORE_OPEN", () => {
    const kv = new KeyValue(db);
    kv.set("safety.mode", { mode: "party", raisedBy: "nobody" }, NOW);
    const err = thrown(() => kv.get("safety.mode", modeSchema));
    expect(err.code).toBe("STORE_OPEN");
    expect(err.message).toContain("schema");
    expect(err.cause).toBeInstanceOf(z.ZodError);
  });

  it.each([
    ["undefined", undefined],
    ["a BigInt", 10n],
    ["a function", () => 1],
  ])("refuses to store %s with STORE_WRITE and keeps the old value", (_name, value) => {
    const kv = new KeyValue(db);
    kv.set("k", "old", NOW);
    expect(thrown(() => kv.set("k", value, NOW)).code).toBe("STORE_WRITE");
    expect(kv.get("k", z.string())).toBe("old");
  });
});
