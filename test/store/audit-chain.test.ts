import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKPOINT_KEY, ChainCheckpoint, chainHash, GENESIS_HASH, readCheckpoint } from "../../src/store/audit-chain.js";
import { verifyChain } from "../../src/store/chain-verify.js";
import { openDatabase } from "../../src/store/database.js";
import { EventLog, SEQ_HIGH_WATER_KEY } from "../../src/store/event-log.js";
import { KeyValue } from "../../src/store/kv.js";
import { MIGRATIONS } from "../../src/store/migrations.js";
import { silentLogger } from "../../src/util/log.js";
import { auditStore } from "../helpers/audit-store.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";
import { routine } from "../helpers/uplink-harness.js";

const cleanups = cleanupsAfterEach();
const NOW = Date.UTC(2026, 10, 23, 8, 0, 0);

interface Row {
  seq: number;
  id: string;
  ts: string;
  type: string;
  body: string;
  hash: string | null;
}

describe("the audit hash chain", () => {
  it("hashes the documented bytes: prev, seq, id, ts, type and the stored body, one per line", () => {
    const e = { seq: 7, id: "5b0c8c3e-2d2a-4c55-9a3e-0e6f1a2b3c4d", ts: "2026-11-23T08:00:00.000Z", type: "door", body: '{"a":1}' };
    // The encoding of docs/audit-log.md, hashed by the streaming API as a district script would.
    const text = `${GENESIS_HASH}\n7\n${e.id}\n${e.ts}\ndoor\n{"a":1}`;
    expect(chainHash(GENESIS_HASH, e)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    expect(chainHash(GENESIS_HASH, { ...e, body: '{"a":2}' })).not.toBe(chainHash(GENESIS_HASH, e));
    expect(chainHash("1".repeat(64), e)).not.toBe(chainHash(GENESIS_HASH, e));
  });

  it("stores each event's hash chained to the one before, from the genesis of a new store", () => {
    const s = auditStore(cleanups, 25, 7);
    const rows = s.db.prepare<[], Row>("SELECT seq, id, ts, type, body, hash FROM events ORDER BY seq").all();
    expect(rows).toHaveLength(25);
    let prev = GENESIS_HASH;
    for (const row of rows) {
      expect(row.hash).toBe(chainHash(prev, row));
      prev = row.hash ?? "";
    }
    expect(s.events.chainHead()).toEqual({ seq: 25, hash: prev, ts: rows[24]?.ts });
    expect(readCheckpoint(s.kv)).toEqual({ seq: 0, hash: GENESIS_HASH, origin: "genesis" });
  });

  it("a batch that rolls back leaves the chain where it was: the next batch follows the last stored event", () => {
    const s = auditStore(cleanups, 3);
    const head = s.events.chainHead();
    expect(() => s.db.transaction(() => {
      s.events.append([routine(1)], NOW);
      throw new Error("the commit fails");
    })()).toThrow("the commit fails");
    expect(s.events.chainHead()).toEqual(head);
    s.events.append([routine(2)], NOW);
    expect(verifyChain(s.db).broken).toBeNull();
  });

  it("a store with events before the chain starts it from a genesis checkpoint at the highest seq handed out", () => {
    const path = join(tempDir(cleanups, "gatehouse-audit-"), "gatehouse.db");
    // A store as the previous release left it: schema 5, 4 events, and a tail of 2 since deleted.
    const old = openDatabase(path, silentLogger(), MIGRATIONS.slice(0, 5));
    const insert = old.prepare("INSERT INTO events (seq, id, ts, type, body) VALUES (?, ?, ?, 'door', '{}')");
    for (let seq = 1; seq <= 4; seq++) insert.run(seq, `id-${seq}`, new Date(NOW).toISOString());
    new KeyValue(old).set(SEQ_HIGH_WATER_KEY, 6, NOW);
    old.close();

    const db = openDatabase(path, silentLogger());
    cleanups.push(() => void db.close());
    const kv = new KeyValue(db);
    expect(kv.get(CHECKPOINT_KEY, ChainCheckpoint)).toEqual({ seq: 6, hash: GENESIS_HASH, origin: "genesis" });
    const events = new EventLog(db);
    const [first] = events.append([routine(1)], NOW);
    expect(first?.seq).toBe(7);
    const row = db.prepare<[], Row>("SELECT seq, id, ts, type, body, hash FROM events WHERE seq = 7").get();
    expect(row?.hash).toBe(row && chainHash(GENESIS_HASH, row));
    const report = verifyChain(db);
    expect(report).toMatchObject({ broken: null, unchained: 4, checked: 1, head: { seq: 7 } });
  });
});
