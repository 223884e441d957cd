import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { DoorEvent, EventBody } from "../../src/core/events.js";
import { GatewayError } from "../../src/util/errors.js";
import { silentLogger } from "../../src/util/log.js";
import { openDatabase, type Database } from "../../src/store/database.js";
import { EventLog, SEQ_HIGH_WATER_KEY } from "../../src/store/event-log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const log = silentLogger();
const NOW = Date.UTC(2025, 8, 1, 7, 30, 0);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const cleanups = cleanupsAfterEach();
let path: string;
let db: Database;

function door(n: number): DoorEvent {
  return { type: "door", door: `door-${n}`, action: n % 2 === 0 ? "opened" : "closed" };
}

function doors(count: number, from = 1): DoorEvent[] {
  return Array.from({ length: count }, (_, i) => door(from + i));
}

function reopen(): EventLog {
  db.close();
  db = openDatabase(path, log);
  return new EventLog(db);
}

function appendError(events: EventLog, bodies: EventBody[], now = NOW): GatewayError {
  try {
    events.append(bodies, now);
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error("append succeeded");
}

beforeEach(() => {
  path = join(tempDir(cleanups, "gatehouse-events-"), "audit.db");
  db = openDatabase(path, log);
  // A test may close and reopen the store: close whichever handle is current, if still open.
  cleanups.push(() => {
    if (db.open) db.close();
  });
});

describe("EventLog.append", () => {
  it("numbers a batch 1..n with unique UUIDs and the ISO time of the decision", () => {
    const events = new EventLog(db);
    const stored = events.append(doors(5), NOW);
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(stored.map((e) => e.id)).size).toBe(5);
    for (const e of stored) {
      expect(e.id).toMatch(UUID);
      expect(e.ts).toBe("2025-09-01T07:30:00.000Z");
    }
    expect(events.lastSeq()).toBe(5);
    expect(events.count()).toBe(5);
  });

  it("returns id, seq, ts first, then the body, and stores exactly that JSON", () => {
    const events = new EventLog(db);
    const body: EventBody = { type: "device", device: "reader-1", status: "offline", reason: "timeout" };
    const [stored] = events.append([body], NOW);
    expect(Object.keys(stored ?? {})).toEqual(["id", "seq", "ts", "type", "device", "status", "reason"]);
    expect(stored).toMatchObject(body);
    const row = db.prepare<[], { body: string; type: string }>("SELECT body, type FROM events").get();
    expect(row?.type).toBe("device");
    expect(row?.body).toBe(JSON.stringify(stored));
  });

  it("an empty batch stores nothing and returns nothing", () => {
    const events = new EventLog(db);
    expect(events.append([], NOW)).toEqual([]);
    expect(events.lastSeq()).toBe(0);
    expect(events.count()).toBe(0);
  });

  it("continues the sequence after a restart", () => {
    new EventLog(db).append(doors(3), NOW);
    const events = reopen();
    expect(events.lastSeq()).toBe(3);
    expect(events.append(doors(2), NOW).map((e) => e.seq)).toEqual([4, 5]);
  });

  it("never hands out a seq again after the newest rows were deleted", () => {
    new EventLog(db).append(doors(4), NOW);
    db.prepare("DELETE FROM events WHERE seq >= 3").run();
    const events = reopen();
    expect(events.lastSeq()).toBe(4);
    expect(events.append([door(9)], NOW)[0]?.seq).toBe(5);
  });

  it("continues from max(seq) when the high-water mark is missing", () => {
    new EventLog(db).append(doors(3), NOW);
    db.prepare("DELETE FROM kv WHERE key = ?").run(SEQ_HIGH_WATER_KEY);
    expect(reopen().append([door(1)], NOW)[0]?.seq).toBe(4);
  });

  it("a batch that cannot be serialised half-way stores none of it and keeps the counter", () => {
    const events = new EventLog(db);
    events.append(doors(2), NOW);
    const bad = { type: "device", device: "x", status: "fault", reason: 1n } as unknown as EventBody;
    const err = appendError(events, [door(3), door(4), bad, door(5)]);
    expect(err.code).toBe("STORE_WRITE");
    expect(err.cause).toBeInstanceOf(TypeError);
    expect(events.count()).toBe(2);
    expect(events.lastSeq()).toBe(2);
    expect(events.append([door(6)], NOW)[0]?.seq).toBe(3);
    expect(reopen().lastSeq()).toBe(3);
  });

  it("a batch that SQLite rejects half-way stores none of it and keeps the counter", () => {
    const events = new EventLog(db);
    events.append(doors(1), NOW);
    db.exec(`CREATE TRIGGER reject_door_3 BEFORE INSERT ON events
             WHEN json_extract(NEW.body, '$.door') = 'door-3'
             BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    const err = appendError(events, doors(3, 2));
    expect(err.code).toBe("STORE_WRITE");
    expect(String(err.cause)).toContain("disk says no");
    expect(events.count()).toBe(1);
    db.exec("DROP TRIGGER reject_door_3");
    expect(events.append(doors(3, 2), NOW).map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(reopen().lastSeq()).toBe(4);
  });

  it("an invalid time fails with STORE_WRITE and stores nothing", () => {
    const events = new EventLog(db);
    expect(appendError(events, [door(1)], Number.NaN).code).toBe("STORE_WRITE");
    expect(events.count()).toBe(0);
    expect(events.lastSeq()).toBe(0);
  });
});

describe("EventLog reads", () => {
  it("readAfter pages through the log in ascending order", () => {
    const events = new EventLog(db);
    const stored = events.append(doors(25), NOW);
    const pages: number[][] = [];
    let cursor = 0;
    for (let page = events.readAfter(cursor, 10); page.length > 0; page = events.readAfter(cursor, 10)) {
      pages.push(page.map((e) => e.seq));
      cursor = page.at(-1)?.seq ?? cursor;
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(stored.map((e) => e.seq));
    expect(events.readAfter(0, 25)).toEqual(stored);
    expect(events.readAfter(20, 0)).toEqual([]);
  });

  it("readAfter and lastSeq are 0-based on an empty store", () => {
    const events = new EventLog(db);
    expect(events.lastSeq()).toBe(0);
    expect(events.readAfter(0, 10)).toEqual([]);
    expect(events.count()).toBe(0);
  });

  it("byType returns one type, newest first, up to the limit", () => {
    const events = new EventLog(db);
    events.append(
      [
        door(1),
        { type: "device", device: "d1", status: "online", reason: null },
        door(2),
        { type: "device", device: "d2", status: "fault", reason: "tamper" },
        door(3),
      ],
      NOW,
    );
    expect(events.byType("door", 10).map((e) => e.seq)).toEqual([5, 3, 1]);
    expect(events.byType("door", 2).map((e) => e.seq)).toEqual([5, 3]);
    expect(events.byType("device", 10).map((e) => e.seq)).toEqual([4, 2]);
    expect(events.byType("access", 10)).toEqual([]);
  });

  it("a corrupt stored body fails the read with STORE_OPEN naming its seq", () => {
    const events = new EventLog(db);
    events.append(doors(2), NOW);
    // Damage on disk bypasses SQL; the indexes over the body (uplink classes, report door index) would
    // refuse a malformed body written through SQL, so they go first.
    db.exec("DROP INDEX events_uplink_urgent; DROP INDEX events_uplink_kept; DROP INDEX events_door_seq;");
    db.prepare("UPDATE events SET body = '{oops' WHERE seq = 2").run();
    expect(() => events.readAfter(0, 10)).toThrow(expect.objectContaining({ code: "STORE_OPEN" }));
    expect(() => events.readAfter(0, 10)).toThrow(/seq 2/);
  });
});
