import type { AlarmAction, AlarmPriority, AlarmState, AnnunciatedKind } from "../core/alarm-events.js";
import type { AlarmPolicy } from "../config/schema-alarms.js";

/**
 * One alarm instance through its ISA-18.2 life, as pure functions of (instance, input, now): no I/O,
 * no clock. Each returns the instance after the move and the actions to record, or a refusal.
 *
 *   active_unacked ──ack──▶ active_acked ──return──▶ normal
 *        │ return (not latched)                 ▲
 *        ▼                                      │
 *   returned_unacked ────────────ack────────────┘
 *
 * A latched (life-safety) alarm stays active_unacked when its condition ends, until a person answers
 * it. Shelving sits beside the state: a shelved alarm still moves but is not announced and does not
 * escalate, and comes back when the shelf expires.
 */

/** One alarm instance: a kind of condition at one source, from its raise until it clears. */
export interface AlarmInstance {
  /** Unique per raise: the row of the alarm store. */
  readonly id: string;
  readonly kind: AnnunciatedKind;
  readonly source: string;
  readonly location: string | null;
  readonly priority: AlarmPriority;
  readonly latched: boolean;
  readonly state: AlarmState;
  /** Whether the condition is present now. */
  readonly active: boolean;
  /** Raised while a drill ran (drills set to "mark"): never escalated. */
  readonly drill: boolean;
  readonly raisedAt: number;
  /** The last activation, first one included: the chatter interval counts from it. */
  readonly lastActiveAt: number;
  readonly ackedAt: number | null;
  readonly ackedBy: string | null;
  readonly ackNote: string | null;
  readonly clearedAt: number | null;
  readonly shelvedUntil: number | null;
  /** When it goes to the district if still unacknowledged; null when it never does (or did already). */
  readonly escalateAt: number | null;
  readonly escalatedAt: number | null;
  /** Activations, the first included. */
  readonly count: number;
}

/** A condition as an alarm source reports it. */
export interface AlarmSignal {
  readonly kind: AnnunciatedKind;
  readonly source: string;
  readonly location: string | null;
  readonly active: boolean;
  readonly drill: boolean;
}

/** The outcome of a move: the instance after it and what to record (nothing for a silent move). */
export interface Move {
  readonly instance: AlarmInstance;
  readonly actions: readonly AlarmAction[];
}

/** Why a person's action was refused, as the answer's error code. */
export type AlarmRefusal = "not_open" | "already_acknowledged" | "not_shelvable" | "not_shelved" | "shelf_too_long";

/** The name of an instance on the wire: `<kind>@<source>`. */
export const alarmName = (a: { kind: string; source: string }): string => `${a.kind}@${a.source}`;

/** Whether a person still has to answer it. */
export const isUnacked = (a: AlarmInstance): boolean => a.state === "active_unacked" || a.state === "returned_unacked";

const escalation = (policy: AlarmPolicy, a: Pick<AlarmInstance, "priority" | "drill">, now: number): number | null =>
  !a.drill && policy.escalate.has(a.priority) ? now + policy.escalateAfterMs : null;

/** A new instance for an active signal. */
export function raise(policy: AlarmPolicy, id: string, s: AlarmSignal, now: number): Move {
  const priority = policy.priorities.get(s.kind) ?? "low";
  const base = { priority, drill: s.drill };
  const instance: AlarmInstance = {
    id,
    kind: s.kind,
    source: s.source,
    location: s.location,
    priority,
    latched: policy.latched.has(s.kind),
    state: "active_unacked",
    active: true,
    drill: s.drill,
    raisedAt: now,
    lastActiveAt: now,
    ackedAt: null,
    ackedBy: null,
    ackNote: null,
    clearedAt: null,
    shelvedUntil: null,
    escalateAt: escalation(policy, base, now),
    escalatedAt: null,
    count: 1,
  };
  return { instance, actions: ["raised"] };
}

/**
 * The condition came back on an existing instance. Already active: nothing (a repeated report).
 * Within the chatter interval of the last activation: counted, not announced again. Later: announced
 * again as raised. A cleared instance comes back only within the chatter interval; the caller raises a
 * new one otherwise. A real activation takes the drill mark off: a latched drill alarm nobody answered
 * must not pass a real lockdown or fire off as a drill, nor keep it from escalating.
 */
export function retrigger(policy: AlarmPolicy, a: AlarmInstance, drill: boolean, now: number): Move {
  if (a.active) return { instance: a, actions: [] };
  const chatter = now - a.lastActiveAt < policy.chatterMs;
  const real = a.drill && !drill;
  const instance: AlarmInstance = {
    ...a,
    drill: a.drill && drill,
    state: "active_unacked",
    active: true,
    lastActiveAt: now,
    count: a.count + 1,
    clearedAt: null,
    ...(a.state === "returned_unacked" || a.state === "active_unacked" ? {} : { ackedAt: null, ackedBy: null, ackNote: null }),
    escalateAt: a.escalatedAt === null ? (a.escalateAt ?? escalation(policy, { priority: a.priority, drill: a.drill && drill }, now)) : null,
  };
  return { instance, actions: chatter && !real ? [] : ["raised"] };
}

/** The condition ended. */
export function settle(a: AlarmInstance, now: number): Move {
  if (!a.active) return { instance: a, actions: [] };
  if (a.state === "active_acked") {
    return { instance: { ...a, active: false, state: "normal", clearedAt: now, escalateAt: null }, actions: ["cleared"] };
  }
  const state: AlarmState = a.latched ? "active_unacked" : "returned_unacked";
  return { instance: { ...a, active: false, state }, actions: ["returned"] };
}

/** A person acknowledged it; an alarm whose condition has ended clears with it. */
export function acknowledge(a: AlarmInstance, by: string, note: string | null, now: number): Move | AlarmRefusal {
  if (a.state === "normal") return "not_open";
  if (a.state === "active_acked") return "already_acknowledged";
  const acked = { ...a, ackedAt: now, ackedBy: by, ackNote: note, escalateAt: null };
  if (a.active) return { instance: { ...acked, state: "active_acked" }, actions: ["acknowledged"] };
  return { instance: { ...acked, state: "normal", clearedAt: now }, actions: ["acknowledged", "cleared"] };
}

/** A person shelved it for `ms`. Life-safety (latched) alarms are never shelved. */
export function shelve(policy: AlarmPolicy, a: AlarmInstance, ms: number, now: number): Move | AlarmRefusal {
  if (a.state === "normal") return "not_open";
  if (a.latched) return "not_shelvable";
  if (ms > policy.maxShelveMs) return "shelf_too_long";
  return { instance: { ...a, shelvedUntil: now + ms }, actions: ["shelved"] };
}

/** Off the shelf, by a person or because the shelf expired: an unanswered alarm's escalation restarts. */
export function unshelve(policy: AlarmPolicy, a: AlarmInstance, now: number): Move | AlarmRefusal {
  if (a.shelvedUntil === null) return "not_shelved";
  const escalateAt = isUnacked(a) && a.escalatedAt === null ? escalation(policy, a, now) : a.escalateAt;
  return { instance: { ...a, shelvedUntil: null, escalateAt }, actions: ["unshelved"] };
}

/** Time passed: an expired shelf ends, then an unanswered alarm past its time escalates. */
export function due(policy: AlarmPolicy, a: AlarmInstance, now: number): Move {
  let instance = a;
  const actions: AlarmAction[] = [];
  if (instance.shelvedUntil !== null && instance.shelvedUntil <= now) {
    const off = unshelve(policy, instance, now);
    if (typeof off !== "string") {
      instance = off.instance;
      actions.push(...off.actions);
    }
  }
  if (instance.shelvedUntil === null && instance.escalateAt !== null && instance.escalateAt <= now && isUnacked(instance)) {
    instance = { ...instance, escalateAt: null, escalatedAt: now };
    actions.push("escalated");
  }
  return { instance, actions };
}

/** The next time `due` would change it; null when nothing is pending. */
export function nextDue(a: AlarmInstance): number | null {
  const times = [a.shelvedUntil, a.shelvedUntil === null && isUnacked(a) ? a.escalateAt : null].filter((t): t is number => t !== null);
  return times.length === 0 ? null : Math.min(...times);
}
