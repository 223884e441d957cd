import { z } from "zod";
import { ALARM_PRIORITIES, ANNUNCIATED_KINDS, type AlarmPriority, type AnnunciatedKind } from "../core/alarm-events.js";

/**
 * The `alarms` section: how alarms that people answer (ISA-18.2) behave — each kind's priority, which
 * ones latch, when a re-trigger counts as chatter, when an unanswered alarm goes to the district, and
 * what a drill does to its alarms. Every field has a default; a site without the section gets them.
 */

/** Priority of each kind unless the site says otherwise: life safety first, housekeeping last. */
export const DEFAULT_PRIORITIES: Readonly<Record<AnnunciatedKind, AlarmPriority>> = {
  fire: "critical",
  panic: "critical",
  lockdown: "critical",
  forced_open: "high",
  screening: "high",
  panic_trouble: "high",
  // The gateway cannot hear the fire panel there: a fire would not release the egress doors.
  fire_input_trouble: "high",
  // A confirmed watch list match, or a hold an officer could not settle: the district hears of it.
  watchlist_hit: "critical",
  visitor_escalated: "critical",
  storage_full: "high",
  storage_corrupt: "high",
  // A reader's tamper switch or a reader that stops talking the way it was paired: someone may be at it.
  reader_tamper: "high",
  reader_security: "high",
  held_open: "medium",
  // A visitor waiting at the desk for an officer's look: answered on site, not sent to the district.
  visitor_held: "medium",
  reader_power: "medium",
  reader_lockout: "medium",
  reader_offline: "medium",
  device_trouble: "low",
  // A required drill missed its deadline: someone must schedule it, not run to a door.
  drill_overdue: "medium",
  clock_jump: "low",
  clock_unsynced: "low",
};

const Kind = z.enum(ANNUNCIATED_KINDS);
const Priority = z.enum(ALARM_PRIORITIES);

/** The `alarms` section of a site configuration. */
export const AlarmsSchema = z.strictObject({
  /** Priority per kind, over the defaults above. */
  priorities: z.partialRecord(Kind, Priority).default({}),
  /**
   * Kinds that need no one's answer: kept in the event log, never raised as alarms. A clock step needs
   * none: schedules follow the new time by themselves (an unsynchronised clock is still an alarm).
   */
  journal_only: z.array(Kind).default(["clock_jump"]),
  /** Life-safety kinds: they stay unacknowledged after the condition ends until a person answers them. */
  latched: z.array(Kind).default(["fire", "panic", "lockdown"]),
  /** A re-trigger within this many seconds of the last one is chatter: counted, not raised again. */
  chatter_s: z.number().int().min(0).max(3600).default(10),
  /** An alarm of an escalating priority still unacknowledged after this long goes to the district. 2 min is the consoles' usual. */
  escalate_after_s: z.number().int().min(10).max(86_400).default(120),
  /** The priorities that escalate. */
  escalate: z.array(Priority).default(["critical", "high"]),
  /** During a drill: raise its alarms marked as drill (never escalated), or do not raise them at all. */
  drills: z.enum(["mark", "suppress"]).default("mark"),
  /** Longest shelf, in minutes: 8 h, one shift, so a shelved alarm never outlives the person who shelved it. */
  max_shelve_minutes: z.number().int().min(1).max(1440).default(480),
});

/** The `alarms` section as written, defaults applied. */
export type AlarmsConfig = z.infer<typeof AlarmsSchema>;

/** The alarm rules the runtime applies (times in ms). */
export interface AlarmPolicy {
  readonly priorities: ReadonlyMap<AnnunciatedKind, AlarmPriority>;
  readonly journalOnly: ReadonlySet<AnnunciatedKind>;
  readonly latched: ReadonlySet<AnnunciatedKind>;
  readonly chatterMs: number;
  readonly escalateAfterMs: number;
  readonly escalate: ReadonlySet<AlarmPriority>;
  readonly drills: "mark" | "suppress";
  readonly maxShelveMs: number;
}

/** The runtime's alarm rules from the section (or the defaults). */
export function compileAlarms(config: AlarmsConfig = AlarmsSchema.parse({})): AlarmPolicy {
  const priorities = new Map(Object.entries({ ...DEFAULT_PRIORITIES, ...config.priorities }) as [AnnunciatedKind, AlarmPriority][]);
  return Object.freeze({
    priorities,
    journalOnly: new Set(config.journal_only),
    latched: new Set(config.latched),
    chatterMs: config.chatter_s * 1000,
    escalateAfterMs: config.escalate_after_s * 1000,
    escalate: new Set(config.escalate),
    drills: config.drills,
    maxShelveMs: config.max_shelve_minutes * 60_000,
  });
}
