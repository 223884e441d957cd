import { AlarmStore } from "../../src/alarms/alarm-store.js";
import type { AlarmInstance } from "../../src/alarms/alarm-machine.js";
import type { AlarmPriority, AnnunciatedKind } from "../../src/core/alarm-events.js";
import type { EventBody } from "../../src/core/events.js";
import type { Database } from "../../src/store/database.js";

/** One alarm as a report reads it: times as ISO instants, acknowledged and cleared when given. */
export interface SeededAlarm {
  readonly kind: AnnunciatedKind;
  readonly source: string;
  readonly priority: AlarmPriority;
  readonly raised: string;
  readonly ackAfterS?: number;
  readonly cleared?: string;
  readonly count?: number;
  readonly drill?: boolean;
}

/**
 * Store `alarms` as the alarm service would: a row in the alarms table per instance and its `raised`
 * move in the event log (through `add`, at the raise time).
 */
export function seedAlarms(db: Database, add: (iso: string, ...bodies: EventBody[]) => void, alarms: readonly SeededAlarm[]): void {
  const store = new AlarmStore(db);
  alarms.forEach((a, i) => {
    const raisedAt = Date.parse(a.raised);
    const ackedAt = a.ackAfterS === undefined ? null : raisedAt + a.ackAfterS * 1000;
    const clearedAt = a.cleared === undefined ? null : Date.parse(a.cleared);
    const instance: AlarmInstance = {
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
      kind: a.kind,
      source: a.source,
      location: null,
      priority: a.priority,
      latched: false,
      state: clearedAt !== null ? "normal" : ackedAt !== null ? "active_acked" : "active_unacked",
      active: clearedAt === null,
      drill: a.drill ?? false,
      raisedAt,
      lastActiveAt: raisedAt,
      ackedAt,
      ackedBy: ackedAt === null ? null : "officer",
      ackNote: null,
      clearedAt,
      shelvedUntil: null,
      escalateAt: null,
      escalatedAt: null,
      count: a.count ?? 1,
    };
    store.save(instance, Math.max(raisedAt, ackedAt ?? 0, clearedAt ?? 0));
    add(a.raised, {
      type: "alarm_state", action: "raised", alarm: `${a.kind}@${a.source}`, instance: instance.id, kind: a.kind, source: a.source,
      location: null, priority: a.priority, state: "active_unacked", active: true, by: null, note: null, shelved_until: null, count: 1,
      ...(a.drill === true ? { drill: true } : {}),
    });
  });
}

const at = (day: string, minutes: number): string => new Date(Date.parse(`${day}T00:00:00.000Z`) + minutes * 60_000).toISOString();

/**
 * An alarm-heavy 2025-09-01 (UTC): two floods (12 then 11 held doors in two running 10-minute
 * windows from 10:00, 11 more at 14:00), three fire alarms acknowledged after 30, 50 and 90 s, a
 * chattering device, one alarm standing since two days before, one from 20:00, and a drill's alarm.
 * The held doors are acknowledged after 10, 20, … 340 s.
 */
export function alarmDay(): SeededAlarm[] {
  const day = "2025-09-01";
  const held = (start: number, n: number, first: number): SeededAlarm[] =>
    Array.from({ length: n }, (_, i) => ({ kind: "held_open", source: `door-${first + i}`, priority: "medium", raised: at(day, start + i * 0.5), ackAfterS: (first + i + 1) * 10, cleared: at(day, start + 30) }));
  return [
    ...held(600, 12, 0),
    ...held(610, 11, 12),
    ...held(840, 11, 23),
    ...[30, 50, 90].map((s, i): SeededAlarm => ({ kind: "fire", source: `panel-${i}`, priority: "critical", raised: at(day, 480 + i * 30), ackAfterS: s, cleared: at(day, 500 + i * 30) })),
    { kind: "device_trouble", source: "reader-9", priority: "low", raised: at(day, 720), cleared: at(day, 725), count: 5 },
    { kind: "reader_offline", source: "reader-3", priority: "medium", raised: at("2025-08-30", 720) },
    { kind: "reader_offline", source: "reader-4", priority: "medium", raised: at("2025-08-30", 720), cleared: at("2025-08-31", 60) },
    { kind: "device_trouble", source: "reader-5", priority: "low", raised: at(day, 1200) },
    { kind: "lockdown", source: "site", priority: "critical", raised: at(day, 900), ackAfterS: 600, drill: true, count: 9 },
  ];
}
