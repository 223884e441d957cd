import type { AlarmAction, AlarmStateEvent } from "../../src/core/alarm-events.js";

/** A move of an unacknowledged fire alarm at `fire-panel`, as the alarm service records it. */
export const fireAlarmMove = (action: AlarmAction): AlarmStateEvent => ({
  type: "alarm_state", action, alarm: "fire@fire-panel", instance: "0f1e2d3c-4b5a-4697-8877-66554433aabb", kind: "fire",
  source: "fire-panel", location: null, priority: "critical", state: "active_unacked", active: true, by: null, note: null,
  shelved_until: null, count: 1,
});
