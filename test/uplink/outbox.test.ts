import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { DoorAction, EventBody, ScreeningResult } from "../../src/core/events.js";
import { silentLogger } from "../../src/util/log.js";
import { openDatabase, type Database } from "../../src/store/database.js";
import { EventLog } from "../../src/store/event-log.js";
import { Outbox } from "../../src/uplink/outbox.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";
import { routine } from "../helpers/uplink-harness.js";

const NOW = Date.parse("2026-11-23T08:00:00Z");

const mode: EventBody = {
  type: "mode",
  action: "raised",
  mode: "lockdown",
  previous: "normal",
  drill: false,
  silent: false,
  by: "panic",
  actor: null,
  location: null,
  reason: null,
};
const panic: EventBody = { type: "panic", device: "pb-office", location: "office", mode: "lockdown", silent: true };
const alarm: EventBody = { type: "alarm", alarm: "fire", active: true, device: "fa-1", door: null, location: null, until: null };
const screening = (result: ScreeningResult): EventBody => ({
  type: "screening",
  device: "md-main",
  location: "main",
  result,
  zones: [],
  passages: null,
  alarms: null,
});

const access = (result: "granted" | "denied"): EventBody => ({
  type: "access",
  door: "main",
  reader: "rdr-main",
  result,
  reason: result === "denied" ? "unknown_credential" : null,
  credential: { format: "h10301", facility: 123, number: 45678, raw: "0" },
  holder: null,
  role: null,
});
const door = (action: DoorAction): EventBody => ({ type: "door", door: "main", action });
const device: EventBody = { type: "device", device: "rdr-main", status: "trouble", reason: "tamper" };
const command: EventBody = { type: "command", source: "district", name: "mode", transaction: "t1", status: "ok", error_code: null };
const lockout: EventBody = { type: "alarm", alarm: "reader_lockout", active: true, device: "rdr-main", door: "main", location: null, until: null };

describe("Outbox", () => {
  const cleanups = cleanupsAfterEach();
  let db: Database;
  let log: EventLog;

  beforeEach(() => {
    const dir = tempDir(cleanups, "gatehouse-outbox-");
    const opened = openDatabase(join(dir, "g.db"), silentLogger());
    cleanups.push(() => void opened.close());
    db = opened;
    log = new EventLog(db);
  });

  const append = (bodies: EventBody[]): void => void log.append(bodies, NOW);

  it("reads in seq order after a given seq, with the stored JSON as the payload", () => {
    append([routine(0), routine(1), routine(2)]);
    const outbox = new Outbox(db);
    const rows = outbox.next(1, 10);
    expect(rows.map((r) => r.seq)).toEqual([2, 3]);
    expect(JSON.parse(rows[0]?.body ?? "")).toMatchObject({ seq: 2, type: "door" });
    expect(rows[0]?.type).toBe("door");
  });

  it("keeps the acknowledged cursor across a reopen only once flushed", () => {
    append([routine(0), routine(1), routine(2)]);
    const outbox = new Outbox(db);
    outbox.ack(2);
    expect(new Outbox(db).ackedSeq).toBe(0);
    outbox.flush(NOW);
    const reopened = new Outbox(db);
    expect(reopened.ackedSeq).toBe(2);
    expect(reopened.stats()).toMatchObject({ ackedSeq: 2, lastSeq: 3, backlog: 1, oldestTs: new Date(NOW).toISOString() });
  });

  it("never moves the cursor backwards", () => {
    const outbox = new Outbox(db);
    outbox.ack(5);
    outbox.ack(3);
    expect(outbox.ackedSeq).toBe(5);
  });

  it("over quota skips the oldest routine events but never mode, panic, alarm or a screening alarm", () => {
    append([mode, routine(1), panic, routine(3), alarm, screening("alarm"), screening("passage")]);
    append(Array.from({ length: 200 }, (_, i) => routine(i)));
    const outbox = new Outbox(db);
    const dropped = outbox.enforceQuota(100, NOW);
    // 207 waiting, quota 100: the floor moves to keep the newest 90, passing 117 events of which 5 are
    // kept (a screening passage too: only access and door opened/closed events are routine).
    expect(dropped).toBe(112);
    const seqs = outbox.next(0, 1000).map((r) => r.seq);
    expect(seqs.slice(0, 5)).toEqual([1, 3, 5, 6, 7]);
    expect(seqs.slice(5)).toEqual(Array.from({ length: 90 }, (_, i) => 118 + i));
    expect(outbox.stats()).toMatchObject({ backlog: 95, dropped: 112 });
  });

  it("reports dropped events once, also across a reopen", () => {
    append(Array.from({ length: 300 }, (_, i) => routine(i)));
    const outbox = new Outbox(db);
    expect(outbox.dropReport()).toBeNull();
    outbox.enforceQuota(100, NOW);
    const report = outbox.dropReport();
    expect(report).toEqual({ count: 210, total: 210, throughSeq: 210 });
    expect(new Outbox(db).dropReport()).toEqual(report);
    outbox.markReported(report ?? { count: 0, total: 0, throughSeq: 0 }, NOW);
    expect(outbox.dropReport()).toBeNull();
    expect(new Outbox(db).dropReport()).toBeNull();
    expect(new Outbox(db).stats().dropped).toBe(210);
  });

  it("does nothing within quota, and counts from the cursor (delivered events are not backlog)", () => {
    append(Array.from({ length: 150 }, (_, i) => routine(i)));
    const outbox = new Outbox(db);
    outbox.ack(60);
    expect(outbox.enforceQuota(100, NOW)).toBe(0);
    expect(outbox.stats().backlog).toBe(90);
  });

  it("over quota drops a forced-open door, a device trouble or a command no more: only access and door opened/closed events are routine", () => {
    const kept = [door("forced_open"), door("held_open_warning"), door("held_open"), door("unlocked"), door("locked"), device, command];
    append([access("granted"), ...kept, door("opened"), access("denied"), door("closed")]);
    append(Array.from({ length: 200 }, (_, i) => routine(i)));
    const outbox = new Outbox(db);
    // 211 waiting, quota 100: the floor moves to seq 121; below it 7 events are kept, 114 routine skipped.
    expect(outbox.enforceQuota(100, NOW)).toBe(114);
    const rows = outbox.next(0, 1000);
    expect(rows.slice(0, 7).map((r) => r.seq)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(rows.slice(7).map((r) => r.seq)).toEqual(Array.from({ length: 90 }, (_, i) => 122 + i));
    expect(outbox.stats()).toMatchObject({ backlog: 97, dropped: 114 });
  });

  it("finds the urgent events after a seq: mode, panic, alarms, a screening alarm, a forced or held-open door", () => {
    append([routine(0), mode, access("granted"), panic, door("forced_open"), alarm, screening("passage"), screening("alarm")]);
    append([device, command, door("held_open_warning"), door("held_open"), lockout, door("unlocked"), routine(1)]);
    const outbox = new Outbox(db);
    expect(outbox.urgent(0, 100).map((r) => r.seq)).toEqual([2, 4, 5, 6, 8, 12, 13]);
    expect(outbox.urgent(6, 2).map((r) => r.seq)).toEqual([8, 12]);
    expect(outbox.urgent(13, 100)).toEqual([]);
  });

  it("leaves urgent events acknowledged ahead of the cursor out of the backlog until the cursor passes them", () => {
    append([routine(0), panic, routine(1), mode]);
    const outbox = new Outbox(db);
    outbox.ackAhead(2);
    outbox.ackAhead(4);
    expect(outbox.isAckedAhead(4)).toBe(true);
    expect(outbox.stats()).toMatchObject({ backlog: 2, ackedSeq: 0 });
    outbox.ack(3);
    expect(outbox.isAckedAhead(2)).toBe(false);
    expect(outbox.isAckedAhead(4)).toBe(true);
    expect(outbox.stats()).toMatchObject({ backlog: 0, ackedSeq: 3, oldestTs: null });
    expect(new Outbox(db).isAckedAhead(4)).toBe(false);
  });

  it("reads urgent and kept events only through their partial indexes, never by scanning the log", () => {
    for (const index of ["events_uplink_urgent", "events_uplink_kept"]) {
      const row = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`).get(index);
      expect(row).toBeDefined();
    }
    db.exec("DROP INDEX events_uplink_kept");
    expect(() => new Outbox(db)).toThrow(/no such index: events_uplink_kept/);
  });
});
