import { describe, expect, it } from "vitest";
import { readCheckpoint } from "../../src/store/audit-chain.js";
import { verifyChain } from "../../src/store/chain-verify.js";
import { PRUNE_BATCH, Pruner } from "../../src/store/retention.js";
import { Outbox } from "../../src/uplink/outbox.js";
import { auditStore, type AuditStore } from "../helpers/audit-store.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { routine } from "../helpers/uplink-harness.js";

const cleanups = cleanupsAfterEach();
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);

/** `days` days of `perDay` routine events each, starting at T0. */
function daysOfEvents(s: AuditStore, days: number, perDay: number): void {
  for (let d = 0; d < days; d++) s.events.append(Array.from({ length: perDay }, (_, i) => routine(i)), T0 + d * DAY);
}

/** Run batches until one prunes nothing; the total pruned. */
function pruneAll(p: Pruner, now: number): number {
  let total = 0;
  for (let n = p.pruneBatch(now).pruned; n > 0; n = p.pruneBatch(now).pruned) total += n;
  return total;
}

const seqs = (s: AuditStore) => s.db.prepare<[], number>("SELECT seq FROM events ORDER BY seq").pluck().all();

describe("Pruner", () => {
  it("prunes events past the maximum age, keeps the last pruned hash as the checkpoint, and the rest verifies", () => {
    const s = auditStore(cleanups);
    daysOfEvents(s, 10, 5);
    const p = new Pruner(s.db, { maxAgeMs: 3 * DAY + 1, maxBytes: null }, null);
    const lastPrunedHash = s.db.prepare<[], string>("SELECT hash FROM events WHERE seq = 30").pluck().get();
    expect(pruneAll(p, T0 + 9 * DAY)).toBe(30);
    expect(seqs(s)[0]).toBe(31);
    expect(readCheckpoint(s.kv)).toEqual({ seq: 30, hash: lastPrunedHash, origin: "pruned" });
    expect(verifyChain(s.db)).toMatchObject({ broken: null, checked: 20, head: { seq: 50 } });
    s.events.append([routine(1)], T0 + 9 * DAY);
    expect(verifyChain(s.db)).toMatchObject({ broken: null, checked: 21 });
  });

  it("deletes at most one batch per call", () => {
    const s = auditStore(cleanups, PRUNE_BATCH * 2 + 10, 1000);
    const p = new Pruner(s.db, { maxAgeMs: 1, maxBytes: null }, null);
    expect(p.pruneBatch(Date.now() + 1000).pruned).toBe(PRUNE_BATCH);
    expect(p.pruneBatch(Date.now() + 1000).pruned).toBe(PRUNE_BATCH);
    expect(verifyChain(s.db).broken).toBeNull();
  });

  it("never prunes the newest event: the chain's head stays a stored event", () => {
    const s = auditStore(cleanups, 5);
    expect(pruneAll(new Pruner(s.db, { maxAgeMs: 1, maxBytes: null }, null), Date.now() + DAY)).toBe(4);
    expect(seqs(s)).toEqual([5]);
    expect(verifyChain(s.db)).toMatchObject({ broken: null, checked: 1 });
  });

  it("never prunes an event the district has not acknowledged, whatever its age or the store's size", () => {
    const s = auditStore(cleanups);
    daysOfEvents(s, 10, 5);
    const outbox = new Outbox(s.db, "district");
    const p = new Pruner(s.db, { maxAgeMs: DAY, maxBytes: 16 * 1_048_576 }, "district");
    expect(p.pruneBatch(T0 + 30 * DAY).pruned).toBe(0);
    outbox.ack(12);
    outbox.flush(T0);
    expect(pruneAll(p, T0 + 30 * DAY)).toBe(12);
    expect(seqs(s)[0]).toBe(13);
    expect(verifyChain(s.db).broken).toBeNull();
  });

  it("over its size, prunes the oldest events batch by batch until the log fits, and says when undelivered ones hold it back", () => {
    const s = auditStore(cleanups, 20_000, 5000);
    const target = Math.floor(new Pruner(s.db, { maxAgeMs: null, maxBytes: null }, null).usedBytes() / 2);
    const fit = new Pruner(s.db, { maxAgeMs: null, maxBytes: target }, null);
    const pruned = pruneAll(fit, Date.now());
    expect(pruned).toBeGreaterThan(5_000);
    expect(pruned).toBeLessThan(15_000);
    expect(fit.usedBytes()).toBeLessThanOrEqual(target);
    expect(verifyChain(s.db).broken).toBeNull();
    const held = new Pruner(s.db, { maxAgeMs: null, maxBytes: 1 }, "district");
    expect(held.pruneBatch(Date.now())).toEqual({ pruned: 0, heldBack: true });
  });
});
