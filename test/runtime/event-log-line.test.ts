import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { EventBody, StoredEvent } from "../../src/core/events.js";
import { eventSentence, logEvent } from "../../src/runtime/event-log-line.js";

/** One event of each type, with a badge read that must never reach a log line whole. */
const BODIES: EventBody[] = [
  {
    type: "access", door: "east", reader: "rdr-east-ext", result: "denied", reason: "mode_restricted", holder: "h-1001", role: "staff",
    credential: { format: "h10301", facility: 123, number: 45678, raw: "10111101100101100100110111" },
  },
  { type: "door", door: "east", action: "locked", cause: "mode" },
  { type: "device", device: "rdr-east-ext", status: "offline", reason: "no reply" },
  { type: "mode", action: "raised", mode: "lockdown", previous: "normal", drill: false, silent: false, by: "panic", actor: "panic-office", location: "Front office", reason: "panic button" },
  { type: "panic", device: "panic-office", location: "Front office", mode: "lockdown", silent: true },
  { type: "alarm", alarm: "reader_offline", active: true, device: "rdr-east-ext", door: "east", location: "East door", until: null, reason: "no reply" },
  { type: "screening", device: "wtmd-main", location: "Main lane", result: "alarm", zones: [2], passages: null, alarms: null },
  { type: "command", source: "district", name: "mode", transaction: "t1", status: "error", error_code: "not_permitted" },
  { type: "uplink", action: "dropped", count: 12, total: 40, through_seq: 900 },
  { type: "command", source: "local", name: "mode", transaction: null, status: "error", error_code: "not_permitted", actor: "wall", suppressed: 4 },
];

const MESSAGES = [
  "access denied at east: mode_restricted",
  "door east locked (mode)",
  "device rdr-east-ext offline: no reply",
  "lockdown raised by panic panic-office",
  "panic button at Front office: lockdown (silent)",
  "reader offline alarm at East door: no reply",
  "screening alarm at Main lane",
  "command mode from district refused (not_permitted)",
  "uplink skipped 12 routine events",
  "command mode from wall refused (not_permitted), 4 more since the last record",
];

function capture(): { log: pino.Logger; lines: { level: number; msg: string; seq: number }[] } {
  const lines: { level: number; msg: string; seq: number }[] = [];
  const sink = new Writable({ write: (c, _e, done) => (lines.push(JSON.parse(String(c)) as (typeof lines)[number]), done()) });
  return { log: pino({ level: "debug" }, sink), lines };
}

const stored = (body: EventBody, seq: number): StoredEvent => ({ ...body, id: `id-${seq}`, seq, ts: "2026-11-23T15:00:00.000Z" });

describe("logEvent", () => {
  it("writes one info line per event of every type, a sentence naming what, where and who", () => {
    const { log, lines } = capture();
    BODIES.forEach((b, i) => logEvent(log, stored(b, i + 1)));
    expect(lines.map((l) => [l.level, l.seq, l.msg])).toEqual(MESSAGES.map((m, i) => [30, i + 1, m]));
    const text = JSON.stringify(lines);
    expect(text).not.toContain("45678");
    expect(text).not.toContain("10111101100101100100110111");
  });

  it("puts device statuses at debug while devices start, and only those", () => {
    const { log, lines } = capture();
    BODIES.forEach((b, i) => logEvent(log, stored(b, i + 1), true));
    expect(lines.filter((l) => l.level === 20).map((l) => l.msg)).toEqual(["device rdr-east-ext offline: no reply"]);
    expect(lines).toHaveLength(BODIES.length);
  });
});

describe("eventSentence", () => {
  it("is the log line's sentence, for every event type", () => {
    expect(BODIES.map(eventSentence)).toEqual(MESSAGES);
    const moved: EventBody = {
      type: "alarm_state", action: "raised", alarm: "forced_open@library", instance: "i-1", kind: "forced_open", source: "library", location: null,
      priority: "high", state: "active_unacked", active: true, by: null, note: null, shelved_until: null, count: 1,
    };
    expect(eventSentence(moved)).toBe("alarm forced_open@library raised (high)");
  });
});
