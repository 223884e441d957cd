import type { AlarmsStatePayload, OpenAlarm } from "../bus/alarm-payloads.js";
import { ALARM_PRIORITIES, type AlarmAction, type AlarmStateEvent } from "../core/alarm-events.js";
import { alarmName, isUnacked, type AlarmInstance } from "./alarm-machine.js";

/** Alarm instances as the wire says them: epoch ms become ISO 8601, camelCase becomes snake_case. */

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** What names an instance and says where it stands, in its events and in `state/alarms` alike. */
function alarmFields(a: AlarmInstance) {
  const { kind, source, location, priority, state, active } = a;
  return { alarm: alarmName(a), instance: a.id, kind, source, location, priority, state, active };
}

/** One instance as `state/alarms` lists it (and `response/alarm` answers it). */
export function openAlarm(a: AlarmInstance): OpenAlarm {
  return {
    ...alarmFields(a),
    drill: a.drill,
    raised_at: iso(a.raisedAt) as string,
    acked_at: iso(a.ackedAt),
    acked_by: a.ackedBy,
    shelved_until: iso(a.shelvedUntil),
    escalated_at: iso(a.escalatedAt),
    count: a.count,
    latched: a.latched,
  };
}

const rank = (a: AlarmInstance): number => ALARM_PRIORITIES.indexOf(a.priority);

/** The retained list: highest priority first, then oldest first. */
export function alarmsState(open: readonly AlarmInstance[]): AlarmsStatePayload {
  const sorted = [...open].sort((x, y) => rank(x) - rank(y) || x.raisedAt - y.raisedAt);
  return {
    alarms: sorted.map(openAlarm),
    unacked: sorted.filter((a) => isUnacked(a) && a.shelvedUntil === null).length,
  };
}

/** The event of one move. `by` and `note` come with a person's action; the gateway's own moves have none. */
export function alarmEvent(a: AlarmInstance, action: AlarmAction, by: string | null = null, note: string | null = null): AlarmStateEvent {
  return {
    type: "alarm_state",
    action,
    ...alarmFields(a),
    by,
    note,
    shelved_until: iso(a.shelvedUntil),
    count: a.count,
    ...(a.drill ? { drill: true } : {}),
  };
}
