import { describe, expect, it } from "vitest";
import { chainHash } from "../../src/store/audit-chain.js";
import { verifyChain } from "../../src/store/chain-verify.js";
import type { Database } from "../../src/store/database.js";
import { auditStore } from "../helpers/audit-store.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";

const cleanups = cleanupsAfterEach();

/** Flip one byte of a stored event's body in place, as an editor of the file would. */
function flipBodyByte(db: Database, seq: number, at: number): void {
  const body = db.prepare<[number], string>("SELECT body FROM events WHERE seq = ?").pluck().get(seq) ?? "";
  const bytes = Buffer.from(body, "utf8");
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  db.prepare("UPDATE events SET body = ? WHERE seq = ?").run(bytes.toString("utf8"), seq);
}

/** Rewrite every hash from `from` on, as someone who edited the log and knows the encoding would. */
function rechain(db: Database, from: number): void {
  let prev = db.prepare<[number], string>("SELECT hash FROM events WHERE seq = ?").pluck().get(from - 1) ?? "";
  const rows = db.prepare<[number], { seq: number; id: string; ts: string; type: string; body: string }>("SELECT seq, id, ts, type, body FROM events WHERE seq >= ? ORDER BY seq").all(from);
  for (const row of rows) {
    prev = chainHash(prev, row);
    db.prepare("UPDATE events SET hash = ? WHERE seq = ?").run(prev, row.seq);
  }
}

describe("verifyChain", () => {
  it("an untouched log verifies: every event checked, head the last event", () => {
    const s = auditStore(cleanups, 100);
    const report = verifyChain(s.db);
    expect(report.broken).toBeNull();
    expect(report.checked).toBe(100);
    expect(report.head).toEqual({ seq: 100, hash: s.events.chainHead().hash });
  });

  it("one flipped byte of a stored event's body names that event's seq", () => {
    const s = auditStore(cleanups, 100);
    flipBodyByte(s.db, 42, 30);
    expect(verifyChain(s.db).broken).toMatchObject({ seq: 42, reason: expect.stringContaining("altered") });
  });

  it("an edited column other than the body is caught as well", () => {
    const s = auditStore(cleanups, 20);
    s.db.prepare("UPDATE events SET ts = '2020-01-01T00:00:00.000Z' WHERE seq = 13").run();
    expect(verifyChain(s.db).broken?.seq).toBe(13);
  });

  it("a row deleted in the middle is named by its seq", () => {
    const s = auditStore(cleanups, 100);
    s.db.prepare("DELETE FROM events WHERE seq = 57").run();
    const report = verifyChain(s.db);
    expect(report.broken).toMatchObject({ seq: 57, reason: expect.stringContaining("seq 57 is missing") });
    expect(report.checked).toBe(56);
  });

  it("a truncated tail is caught by the log's high-water mark, and against a published head when that was deleted too", () => {
    const s = auditStore(cleanups, 100);
    const published = { seq: 90, hash: s.db.prepare<[], string>("SELECT hash FROM events WHERE seq = 90").pluck().get() ?? "" };
    s.db.prepare("DELETE FROM events WHERE seq > 80").run();
    expect(verifyChain(s.db).broken).toMatchObject({ seq: 81, reason: expect.stringContaining("reached seq 100") });
    s.db.prepare("DELETE FROM kv WHERE key = 'event_log.last_seq'").run();
    expect(verifyChain(s.db).broken).toBeNull();
    expect(verifyChain(s.db, published).broken).toMatchObject({ seq: 90, reason: expect.stringContaining("truncated") });
  });

  it("a log rewritten with recomputed hashes verifies alone, and fails against a head published before", () => {
    const s = auditStore(cleanups, 100);
    const published = { seq: 100, hash: s.events.chainHead().hash };
    expect(verifyChain(s.db, published).broken).toBeNull();
    flipBodyByte(s.db, 30, 30);
    rechain(s.db, 30);
    expect(verifyChain(s.db).broken).toBeNull();
    expect(verifyChain(s.db, published).broken).toMatchObject({ seq: 100, reason: expect.stringContaining("rewritten") });
  });

  it("seqs never stored (events dropped while the disk was full) are no break", () => {
    const s = auditStore(cleanups, 10);
    s.events.reserve([{ type: "door", door: "d", action: "opened" }], Date.now());
    s.events.append([{ type: "door", door: "d", action: "closed" }], Date.now());
    expect(verifyChain(s.db)).toMatchObject({ broken: null, checked: 11, head: { seq: 12 } });
  });
});
