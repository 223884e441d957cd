import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { isKept, isUrgent } from "../../src/core/event-classes.js";
import type { EventBody } from "../../src/core/events.js";
import { KEPT_SQL, URGENT_SQL } from "../../src/uplink/event-classes.js";

const BODIES: EventBody[] = [
  { type: "mode", action: "raised", mode: "lockdown", previous: "normal", drill: false, silent: false, by: "admin", actor: null, location: null, reason: null },
  { type: "panic", device: "pb", location: "office", mode: "lockdown", silent: true },
  { type: "alarm", alarm: "fire", active: true, device: "fa", door: null, location: null, until: null },
  { type: "screening", device: "md", location: "main", result: "alarm", zones: [], passages: null, alarms: null },
  { type: "screening", device: "md", location: "main", result: "passage", zones: [], passages: null, alarms: null },
  ...(["opened", "closed", "held_open_warning", "held_open", "forced_open", "unlocked", "locked"] as const).map(
    (action): EventBody => ({ type: "door", door: "main", action }),
  ),
  { type: "command", source: "local", name: "door", transaction: null, status: "ok", error_code: null },
  { type: "device", device: "rdr", status: "offline", reason: null },
];

describe("event classes", () => {
  it("the core's rules and the uplink's SQL give the same answer for every kind of event", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE events (seq INTEGER PRIMARY KEY, type TEXT, body TEXT)");
    const insert = db.prepare("INSERT INTO events (seq, type, body) VALUES (?, ?, ?)");
    BODIES.forEach((b, i) => insert.run(i, b.type, JSON.stringify(b)));
    const seqs = (where: string): number[] => db.prepare<[], { seq: number }>(`SELECT seq FROM events WHERE ${where} ORDER BY seq`).all().map((r) => r.seq);
    const urgent = BODIES.flatMap((b, i) => (isUrgent(b) ? [i] : []));
    const kept = BODIES.flatMap((b, i) => (isKept(b) ? [i] : []));
    expect(seqs(URGENT_SQL)).toEqual(urgent);
    expect(seqs(KEPT_SQL)).toEqual(kept);
    expect(urgent.map((i) => BODIES[i]?.type)).toEqual(["mode", "panic", "alarm", "screening", "door", "door"]);
    expect(kept.length).toBe(BODIES.length - 2);
  });
});
