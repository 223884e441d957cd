import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EventBody } from "../../src/core/events.js";
import { silentLogger } from "../../src/util/log.js";
import { HeldWrites } from "../../src/runtime/held-writes.js";
import { SAFETY_KEY, SafetySchema } from "../../src/runtime/safety-store.js";
import { openDatabase } from "../../src/store/database.js";
import { EventLog } from "../../src/store/event-log.js";
import { KeyValue } from "../../src/store/kv.js";
import { startBroker } from "../../src/bus/broker.js";
import { siteTopics } from "../../src/bus/topics.js";
import { SiteClient } from "../../src/client/site-client.js";
import { createDecider } from "../../src/core/decide.js";
import { initialState } from "../../src/core/state.js";
import { Engine } from "../../src/runtime/engine.js";
import { createEnginePorts } from "../../src/runtime/engine-ports.js";
import { Publisher } from "../../src/runtime/publisher.js";
import { Recorder } from "../../src/runtime/recorder.js";
import { EventBus } from "../../src/runtime/event-bus.js";
import { safetyCopyPath } from "../../src/runtime/safety-copy.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";
import { demoModel, SCHOOL_HOURS } from "../helpers/demo-site.js";
import { ManualTimers } from "../helpers/manual-timers.js";

const T = Date.parse("2026-11-23T15:00:00Z");
const LOCKDOWN = { mode: "lockdown", drill: false, silent: false, since: T, by: "admin" } as const;
const raised: EventBody = { type: "mode", action: "raised", mode: "lockdown", previous: "normal", drill: false, silent: false, by: "admin", actor: null, location: null, reason: null };
/** A body larger than a SQLite page, so writing it needs new pages. */
const bulky: EventBody = { type: "command", source: "local", name: "door", transaction: "x".repeat(8192), status: "ok", error_code: null };

describe("writes while the store is full", () => {
  const cleanups = cleanupsAfterEach();

  function fullStore() {
    const dir = tempDir(cleanups, "gatehouse-full-");
    const db = openDatabase(join(dir, "audit.db"), silentLogger());
    cleanups.push(() => void db.close());
    const events = new EventLog(db);
    const kv = new KeyValue(db);
    // SQLITE_FULL without a full disk: the file may not grow past the pages it has now, and after
    // VACUUM none of them is free (the migrations drop tables, which leaves free pages behind).
    db.exec("VACUUM");
    const pages = Number(db.pragma("page_count", { simple: true }));
    db.pragma(`max_page_count = ${pages}`);
    return { db, events, kv, pages, writes: new HeldWrites(db, events, kv, silentLogger()) };
  }

  it("does not lose a lockdown on a full disk: its events are published at once, with a storage_full alarm, and written in order once space returns", () => {
    const s = fullStore();
    const first = s.writes.record([bulky, raised], LOCKDOWN, T);
    expect(first.map((e) => [e.seq, e.type])).toEqual([[1, "command"], [2, "mode"], [3, "alarm"]]);
    expect(first[2]).toMatchObject({ alarm: "storage_full", active: true, device: "store" });
    expect(s.events.count()).toBe(0);
    expect(s.writes.heldCount).toBe(3);

    s.db.pragma(`max_page_count = ${s.pages * 100}`);
    const next = s.writes.record([raised], null, T + 1);
    expect(next.map((e) => [e.seq, e.type])).toEqual([[4, "mode"], [5, "alarm"]]);
    expect(next[1]).toMatchObject({ alarm: "storage_full", active: false });
    expect(s.events.readAfter(0, 10).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(s.kv.get(SAFETY_KEY, SafetySchema)).toEqual(LOCKDOWN);
    expect(s.writes.heldCount).toBe(0);
  });
});

describe("an engine on a full store", () => {
  const cleanups = cleanupsAfterEach();

  it("still publishes a raised lockdown and its storage_full alarm on the local broker, and locks every door", async () => {
    const { model, dir, cleanup } = demoModel();
    cleanups.push(cleanup);
    const log = silentLogger();
    const topics = siteTopics(model.site.id);
    const db = openDatabase(model.storagePath, log);
    cleanups.push(() => void db.close());
    const [events, kv] = [new EventLog(db), new KeyValue(db)];
    const broker = await startBroker({ host: "127.0.0.1", port: 0, prefix: topics.prefix, users: [], anonymous: "viewer", simEnabled: false, log });
    cleanups.push(() => broker.close());
    const publisher = new Publisher(broker, topics, log);
    const recorder = new Recorder(new HeldWrites(db, events, kv, log), publisher, new EventBus(log), log);
    const ports = createEnginePorts({ model, recorder, publisher, drivers: () => new Map(), safetyCopy: safetyCopyPath(join(dir, "gatehouse.db")), log });
    const engine = new Engine(createDecider(model.core), initialState(model.core), ports, new ManualTimers(SCHOOL_HOURS), log);
    const client = await SiteClient.connect({ url: `mqtt://127.0.0.1:${broker.port}`, siteId: model.site.id });
    cleanups.push(() => client.close());
    db.exec("VACUUM");
    db.pragma(`max_page_count = ${Number(db.pragma("page_count", { simple: true })) + FILL_PAGES}`);
    // Fill what is left, down to less than a mode event's room.
    for (let i = 0; i < FILL_LIMIT && fits(events, raised); i++);
    const filled = events.count();

    const seen = Promise.all([
      client.waitForEvent((e) => e.type === "mode"),
      client.waitForEvent((e) => e.type === "alarm" && e.alarm === "storage_full"),
    ]);
    engine.submit({ kind: "mode_request", action: "raise", mode: "lockdown", drill: false, by: { name: "admin", actor: "a", source: "local" }, reason: null, location: null });
    const [mode, alarm] = await seen;
    expect(mode).toMatchObject({ action: "raised", mode: "lockdown" });
    expect(alarm).toMatchObject({ active: true, device: "store" });
    expect(engine.current.doors.every((d) => d.locked)).toBe(true);
    expect(events.count()).toBe(filled);
  });
});

/** A few pages to fill with events before the store is full, and a bound on the rows that take. */
const FILL_PAGES = 4;
const FILL_LIMIT = 10_000;

function fits(events: EventLog, body: EventBody): boolean {
  try {
    events.append([body], T);
    return true;
  } catch {
    return false;
  }
}
