import type { EventBody } from "../core/events.js";
import type { AlarmSignal } from "./alarm-machine.js";

/**
 * Which recorded events begin or end an alarm condition, and where. A condition reported only when it
 * begins (a panic press, a screening alarm, a clock step, a store moved aside) is momentary: it begins
 * and ends at once, so it waits for a person only as an unacknowledged or latched alarm.
 */

/** Alarm conditions of the core that never report their end. */
const MOMENTARY = new Set(["storage_corrupt", "clock_jump"]);

/** The source of conditions of the whole site (a safety mode). */
export const SITE_SOURCE = "site";

const on = (s: Omit<AlarmSignal, "active">): AlarmSignal[] => [{ ...s, active: true }];
const off = (s: Omit<AlarmSignal, "active">): AlarmSignal[] => [{ ...s, active: false }];
const blip = (s: Omit<AlarmSignal, "active">): AlarmSignal[] => [...on(s), ...off(s)];

/** The alarm signals of one event, in order; none for most events. */
export function alarmSignalsOf(e: EventBody): AlarmSignal[] {
  const drill = "drill" in e && e.drill === true;
  switch (e.type) {
    case "door": {
      const at = { source: e.door, location: null, drill };
      if (e.action === "forced_open") return on({ kind: "forced_open", ...at });
      if (e.action === "held_open") return on({ kind: "held_open", ...at });
      if (e.action === "closed") return [...off({ kind: "forced_open", ...at }), ...off({ kind: "held_open", ...at })];
      return [];
    }
    case "alarm": {
      const s = { kind: e.alarm, source: e.door ?? e.device, location: e.location, drill };
      if (MOMENTARY.has(e.alarm)) return e.active ? blip(s) : [];
      return e.active ? on(s) : off(s);
    }
    case "panic":
      return blip({ kind: "panic", source: e.device, location: e.location, drill });
    case "screening":
      return e.result === "alarm" ? blip({ kind: "screening", source: e.device, location: e.location, drill }) : [];
    case "device": {
      const s = { kind: "device_trouble" as const, source: e.device, location: null, drill };
      return e.status === "online" ? off(s) : on(s);
    }
    case "mode": {
      const s = { kind: "lockdown" as const, source: SITE_SOURCE, location: e.location, drill: e.drill };
      if (e.action === "raised" && e.mode === "lockdown") return on(s);
      return e.previous === "lockdown" && e.mode !== "lockdown" ? off(s) : [];
    }
    case "visitor":
      return visitorSignals(e);
    default:
      return [];
  }
}

/**
 * A hold waits for an officer (`visitor_held`); an escalated one is raised again as critical
 * (`visitor_escalated`); a decision ends both, as does the end of the school day, which signs out a
 * hold no one decided (`auto_signed_out`); a confirmed match is a momentary `watchlist_hit`.
 * The visit's id is the source: the alarm names no one. A visitor is never part of a drill, so these
 * are raised as real alarms even while one runs.
 */
function visitorSignals(e: Extract<EventBody, { type: "visitor" }>): AlarmSignal[] {
  if (e.visitor_id === null) return [];
  const at = { source: e.visitor_id, location: null, drill: false };
  if (e.action === "held") return on({ kind: "visitor_held", ...at });
  if (e.action === "refused") return blip({ kind: "watchlist_hit", ...at });
  const ended = [...off({ kind: "visitor_held", ...at }), ...off({ kind: "visitor_escalated", ...at })];
  if (e.action === "auto_signed_out") return ended;
  if (e.action !== "decided") return [];
  return e.decision === "escalate" ? on({ kind: "visitor_escalated", ...at }) : ended;
}
