import { describe, expect, it, vi } from "vitest";
import type { EventBody } from "../../src/core/events.js";
import { silentLogger } from "../../src/util/log.js";
import { HeldWrites } from "../../src/runtime/held-writes.js";
import { KeyValue } from "../../src/store/kv.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { startAedesDistrict } from "../helpers/district-broker.js";
import { appendRoutine, districtSubscriber, firstArrivals, testUplinkModel, uplinkHarness } from "../helpers/uplink-harness.js";

const T = Date.parse("2026-11-23T15:00:00Z");
const raised: EventBody = { type: "mode", action: "raised", mode: "lockdown", previous: "normal", drill: false, silent: false, by: "admin", actor: null, location: null, reason: null };
const opened: EventBody = { type: "door", door: "main", action: "opened" };
const panic: EventBody = { type: "panic", device: "pb-office", location: "office", mode: "lockdown", silent: true };

describe("the district on a full disk", () => {
  const cleanups = cleanupsAfterEach();

  it("gets the lockdown, the panic and the storage_full alarm from memory at once, the routine event once written, and the whole stream in the end", async () => {
    const d = await startAedesDistrict();
    cleanups.push(() => d.dispose());
    const sub = await districtSubscriber(d.url, "district-console");
    cleanups.push(() => void sub.client.end(true));
    let writes: HeldWrites | undefined;
    const h = uplinkHarness(testUplinkModel(d.url), { unwritten: () => writes?.unwritten() ?? [] });
    cleanups.push(() => h.dispose());
    writes = new HeldWrites(h.db, h.events, new KeyValue(h.db), silentLogger());
    appendRoutine(h.events, 10);
    h.uplink.start();
    await vi.waitFor(() => expect(h.uplink.ackedSeq).toBe(10), { timeout: 10_000, interval: 10 });

    // SQLITE_FULL without a full disk: the file may not grow past the pages it has now.
    h.db.exec("VACUUM");
    const pages = Number(h.db.pragma("page_count", { simple: true }));
    h.db.pragma(`max_page_count = ${pages}`);
    const bulky: EventBody = { type: "command", source: "local", name: "door", transaction: "x".repeat(8192), status: "ok", error_code: null };
    const held = writes.record([bulky, opened, raised, panic], null, T);
    h.uplink.notify();
    expect(held.map((e) => e.type)).toEqual(["command", "door", "mode", "panic", "alarm"]);
    expect(h.events.count()).toBe(10);
    // Before: nothing of it reached the district until the store wrote it.
    await vi.waitFor(() => expect(sub.tally.seqs).toEqual(expect.arrayContaining([13, 14, 15])), { timeout: 10_000, interval: 10 });
    expect(sub.tally.seqs).not.toContain(11);
    expect(sub.tally.seqs).not.toContain(12);
    expect(h.events.count()).toBe(10);

    h.db.pragma(`max_page_count = ${pages * 100}`);
    writes.record([opened], null, T + 1);
    h.uplink.notify();
    await vi.waitFor(() => expect(h.uplink.ackedSeq).toBe(17), { timeout: 10_000, interval: 10 });
    await vi.waitFor(() => expect(new Set(sub.tally.seqs).size).toBe(17), { timeout: 10_000, interval: 10 });
    const first = firstArrivals(sub.tally.seqs);
    expect(first.filter((s) => ![13, 14, 15].includes(s))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 17]);
    // Sent ahead from memory once: the drain passes over them when they are written.
    for (const s of [13, 14, 15]) expect(sub.tally.seqs.filter((x) => x === s)).toHaveLength(1);
    expect(sub.tally.conflicts).toBe(0);
  });
});
