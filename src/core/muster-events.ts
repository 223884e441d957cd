/**
 * The roll call after an evacuation (the Standard Reunification Method's accounting): what the audit
 * trail says about it. Counts only: who was found, missing or hurt stays in the roll call's own
 * record, never in events, which go to the district and into long-kept logs.
 */

/** Every step of a roll call that is recorded. */
export const MUSTER_ACTIONS = ["started", "marked", "ended"] as const;

/** A step of a roll call. */
export type MusterAction = (typeof MUSTER_ACTIONS)[number];

/**
 * Where a roll call stands, in numbers. Each person expected is in exactly one of accounted, injured,
 * missing and unaccounted, so those four add up to `expected`; extras are counted apart.
 */
export interface MusterCounts {
  /** People the roll call started with: on site by the building's occupancy, visitors included. */
  expected: number;
  /** Of those expected, found at an assembly point. */
  accounted: number;
  /** Of those expected, found and hurt (located, so not unaccounted). */
  injured: number;
  /** Of those expected, reported missing by a roll call taker. */
  missing: number;
  /** Of those expected, not marked yet. */
  unaccounted: number;
  /** Marked without being expected (came in unbadged, a visitor not signed in), whatever the mark. */
  extra: number;
}

/** A roll call started, took marks, or ended; `by` is the MQTT user who did it. */
export interface MusterEvent extends MusterCounts {
  type: "muster";
  action: MusterAction;
  /** The roll call's id. */
  muster: string;
  by: string;
  /** For `marked`: how many people this mark placed. */
  marked: number | null;
  drill?: boolean;
}
