import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openDatabase } from "../../src/store/database.js";
import { KeyValue } from "../../src/store/kv.js";
import { ReplayCache } from "../../src/uplink/replay-cache.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

describe("the replay cache of district command ids", () => {
  const cleanups = cleanupsAfterEach();

  function store() {
    const path = join(tempDir(cleanups, "gatehouse-replay-"), "gatehouse.db");
    const open = () => {
      const db = openDatabase(path, silentLogger());
      cleanups.push(() => {
        if (db.open) db.close();
      });
      return db;
    };
    return open;
  }

  it("remembers an id until its window passes, also across a reopening of the store", () => {
    const open = store();
    const db = open();
    const cache = new ReplayCache(db, silentLogger(), 1_000);
    expect(cache.has("cmd-0001", 1_000)).toBe(false);
    expect(cache.remember("cmd-0001", 5_000, 1_000)).toBe(true);
    expect(cache.has("cmd-0001", 4_999)).toBe(true);
    expect(cache.has("cmd-0001", 5_000)).toBe(false);
    db.close();

    const again = new ReplayCache(open(), silentLogger(), 2_000);
    expect(again.has("cmd-0001", 2_000)).toBe(true);
    const late = new ReplayCache(open(), silentLogger(), 5_000);
    expect(late.has("cmd-0001", 5_000)).toBe(false);
    expect(late.size).toBe(0);
  });

  it("refuses a new id when full of unexpired ones, and makes room as they expire", () => {
    const cache = new ReplayCache(store()(), silentLogger(), 0, 3);
    for (const [i, until] of [1_000, 2_000, 3_000].entries()) expect(cache.remember(`cmd-000${i}`, until, 0)).toBe(true);
    expect(cache.remember("cmd-0009", 4_000, 500)).toBe(false);
    expect(cache.remember("cmd-0009", 4_000, 1_000)).toBe(true);
    expect(cache.size).toBe(3);
  });

  it("sweeps expired ids out of the store and leaves other keys alone", () => {
    const db = store()();
    const kv = new KeyValue(db);
    kv.set("mode", { mode: "normal" }, 0);
    const cache = new ReplayCache(db, silentLogger(), 0);
    cache.remember("cmd-0001", 1_000, 0);
    cache.remember("cmd-0002", 200_000, 100_000);
    const ids = db.prepare<[], { key: string }>("SELECT key FROM kv WHERE key LIKE 'district_command_id:%'").all().map((r) => r.key);
    expect(ids).toEqual(["district_command_id:cmd-0002"]);
    expect(kv.get("mode", z.unknown())).toEqual({ mode: "normal" });
  });
});
