/**
 * Small durable settings: JSON values under string keys, validated on the way out. Safety state
 * (the current mode and who raised it) is written here before the gateway acts on it.
 */
import type { Database, Statement } from "better-sqlite3";
import type { z } from "zod";
import { GatewayError } from "../util/errors.js";

interface KvRow {
  value: string;
}

/** Key/value access to the `kv` table; each `set` and `delete` is its own durable commit. */
export class KeyValue {
  private readonly selectStmt: Statement<[string], KvRow>;
  private readonly upsertStmt: Statement<[string, string, string]>;
  private readonly deleteStmt: Statement<[string]>;

  /** @param db a store opened by `openDatabase`. */
  constructor(db: Database) {
    this.selectStmt = db.prepare<[string], KvRow>("SELECT value FROM kv WHERE key = ?");
    this.upsertStmt = db.prepare<[string, string, string]>(
      `INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.deleteStmt = db.prepare<[string]>("DELETE FROM kv WHERE key = ?");
  }

  /**
   * The value under `key`, parsed and checked against `schema`; undefined when the key is absent.
   * A stored value that is not JSON or fails the schema throws GatewayError("STORE_OPEN"): the
   * store holds something this code cannot trust, and guessing a default for safety state is worse.
   */
  get<T>(key: string, schema: z.ZodType<T>): T | undefined {
    const row = this.selectStmt.get(key);
    if (row === undefined) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(row.value);
    } catch (err) {
      throw new GatewayError("STORE_OPEN", `stored value for key "${key}" is not valid JSON`, { cause: err });
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new GatewayError("STORE_OPEN", `stored value for key "${key}" does not match its schema`, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  /**
   * Store `value` as JSON under `key`, durable when this returns. A value JSON cannot represent
   * (undefined, a BigInt, a cycle) or a failed write throws GatewayError("STORE_WRITE").
   */
  set(key: string, value: unknown, now: number): void {
    try {
      const json: unknown = JSON.stringify(value);
      if (typeof json !== "string") throw new TypeError("value has no JSON representation");
      this.upsertStmt.run(key, json, new Date(now).toISOString());
    } catch (err) {
      throw new GatewayError("STORE_WRITE", `cannot store key "${key}"`, { cause: err });
    }
  }

  /** Remove `key`; true when it existed. A failed write throws GatewayError("STORE_WRITE"). */
  delete(key: string): boolean {
    try {
      return this.deleteStmt.run(key).changes > 0;
    } catch (err) {
      throw new GatewayError("STORE_WRITE", `cannot delete key "${key}"`, { cause: err });
    }
  }
}
