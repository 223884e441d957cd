import { join } from "node:path";
import type { DenyReason, EventBody } from "../../src/core/events.js";
import { openDatabase, type Database } from "../../src/store/database.js";
import { EventLog } from "../../src/store/event-log.js";
import { silentLogger } from "../../src/util/log.js";
import type { Cleanups } from "./cleanups.js";
import { tempDir } from "./temp-dir.js";

/** A real audit store in a temp dir, and a way to append events at given instants. */
export function reportStore(cleanups: Cleanups): { db: Database; add: (iso: string, ...bodies: EventBody[]) => void } {
  const db = openDatabase(join(tempDir(cleanups, "gatehouse-report-"), "audit.db"), silentLogger());
  cleanups.push(() => void db.close());
  const log = new EventLog(db);
  return { db, add: (iso, ...bodies) => void log.append(bodies, Date.parse(iso)) };
}

const credential = { format: "h10301", facility: 12, number: 4242, raw: "1" };

export function access(door: string, reason: DenyReason | null): EventBody {
  return {
    type: "access",
    door,
    reader: `${door}-reader`,
    result: reason === null ? "granted" : "denied",
    reason,
    credential,
    holder: reason === null ? "h-1" : null,
    role: null,
  };
}

export function doorAction(door: string, action: "opened" | "closed" | "forced_open" | "held_open"): EventBody {
  return { type: "door", door, action };
}

export function mode(action: "raised" | "cleared", name: string, drill: boolean): EventBody {
  return { type: "mode", action, mode: action === "raised" ? name : "normal", previous: action === "raised" ? "normal" : name, drill, silent: false, by: "admin", actor: null, location: null, reason: null };
}

export function screening(lane: string, result: "alarm" | "passage"): EventBody {
  return { type: "screening", device: `wtmd-${lane}`, location: lane, result, zones: [], passages: null, alarms: null };
}

export function health(device: string, status: "online" | "offline" | "fault" | "trouble"): EventBody {
  return { type: "device", device, status, reason: null };
}

/** One school day: badges, a forced door, a held door, a drill, two lanes, a reader that dropped out. */
export function schoolDay(add: (iso: string, ...bodies: EventBody[]) => void): void {
  add("2025-09-01T06:00:00.000Z", health("reader-main", "online"), health("reader-gym", "online"));
  add("2025-09-01T07:00:00.000Z", access("main", null), access("main", null), access("main", "expired"), access("gym", "outside_schedule"), access("gym", "expired"));
  add("2025-09-01T07:30:00.000Z", doorAction("side", "forced_open"));
  add("2025-09-01T07:30:30.000Z", doorAction("side", "closed"));
  add("2025-09-01T08:00:00.000Z", doorAction("gym", "opened"), doorAction("gym", "held_open"));
  add("2025-09-01T08:02:00.000Z", doorAction("gym", "closed"));
  add("2025-09-01T09:00:00.000Z", mode("raised", "lockdown", true));
  add("2025-09-01T09:15:00.000Z", mode("cleared", "lockdown", true));
  add("2025-09-01T07:10:00.000Z", screening("lane-1", "passage"), screening("lane-1", "passage"), screening("lane-1", "alarm"), screening("lane-2", "passage"));
  add("2025-09-01T12:00:00.000Z", health("reader-gym", "offline"));
  add("2025-09-01T18:00:00.000Z", health("reader-gym", "online"));
  // Outside the period: must not be counted.
  add("2025-09-03T07:00:00.000Z", access("main", "expired"), doorAction("main", "forced_open"));
}
