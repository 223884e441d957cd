/**
 * Drills as the wire says them: the kinds a state counts, who may be noted present, and the `drill`
 * event that tells a drill started, changed or ended. No personal data: who started and ended a drill
 * are the MQTT users (staff accounts), never a student.
 */

/** The kinds of drill a state's requirements count. */
export const DRILL_TYPES = ["evacuation", "bus_evacuation", "law_enforcement", "severe_weather", "fire", "lockdown", "annual_review"] as const;

/** A kind of drill. */
export type DrillType = (typeof DRILL_TYPES)[number];

/** First responders a drill may be noted with. */
export const PARTICIPANTS = ["fire_department", "law_enforcement"] as const;

/** A first responder present at a drill. */
export type Participant = (typeof PARTICIPANTS)[number];

/** Every moment of a drill that is recorded. */
export const DRILL_ACTIONS = ["started", "updated", "ended"] as const;

/** A door a lockdown drill did not secure, and what was missing: the lock, the contact or both. */
export interface UnsecuredDoor {
  door: string;
  missing: ("lock" | "contact")[];
}

/** A drill started, was updated (type, participants, time to secure) or ended. */
export interface DrillEvent {
  type: "drill";
  action: (typeof DRILL_ACTIONS)[number];
  /** The drill record's id in the site store. */
  drill_id: number;
  drill_type: DrillType;
  /** The safety mode the drill ran, null for a drill recorded by request alone. */
  mode: string | null;
  started_at: string;
  started_by: string;
  ended_at: string | null;
  ended_by: string | null;
  participants: Participant[];
  /** Lockdown drills: ms from the raise until every door in scope was locked and closed; null if not (yet). */
  secure_ms?: number | null;
  unsecured?: UnsecuredDoor[];
  /** Doors without a contact, judged by their lock alone. */
  lock_only?: string[];
  /**
   * Lockdown drills whose doors were secured while the gateway was not running (`secure_ms` null):
   * the most securing can have taken, up to the restart that found them secured.
   */
  secure_ms_at_most?: number;
  /** Why the time to secure is not exact. */
  secure_note?: string;
}
