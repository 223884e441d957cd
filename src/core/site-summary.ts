import type { SiteModel } from "./model.js";
import { strobesOn } from "./safety.js";
import type { CoreState } from "./state.js";

/** Both levels of panic or fire coverage: every panic source (fire input) is heard, or some are not. */
export const COVERAGE = ["full", "degraded"] as const;

/** The answer to "are all exterior doors closed and locked?", and the rest of the site at a glance. */
export interface SiteSummary {
  readonly mode: string;
  readonly drill: boolean;
  readonly silent: boolean;
  /** ISO 8601 of the last mode change, null if never. */
  readonly mode_since: string | null;
  readonly fire_alarm: boolean;
  /** The site's strobes are commanded on (the mode flashes them and was not raised silently). */
  readonly strobes: boolean;
  /** Every exterior door closed and locked. */
  readonly exterior_secure: boolean;
  /** Doors commanded locked whose contact says open, or unlocked exterior doors. */
  readonly doors_not_secure: readonly string[];
  readonly doors_in_alarm: readonly string[];
  readonly doors_unlocked: readonly string[];
  /** "degraded" while any panic source is in trouble or offline: a press there may raise nothing. */
  readonly panic_coverage: (typeof COVERAGE)[number];
  /** The panic sources in trouble or offline. */
  readonly panic_trouble: readonly string[];
  /** "degraded" while any fire alarm input is in trouble or offline: a fire there may release nothing. */
  readonly fire_coverage: (typeof COVERAGE)[number];
  /** The fire alarm inputs in trouble or offline. */
  readonly fire_trouble: readonly string[];
}

/** Summarise the site (pure, for `state/site`). */
export function siteSummary(model: SiteModel, state: CoreState): SiteSummary {
  const notSecure: string[] = [];
  const inAlarm: string[] = [];
  const unlocked: string[] = [];
  let exteriorSecure = true;
  for (const door of model.doors.values()) {
    const d = state.doors[door.index];
    if (d === undefined) continue;
    const exterior = door.groups.includes("exterior");
    if (!d.locked) unlocked.push(door.id);
    if (d.alarm !== "none") inAlarm.push(door.id);
    if ((d.locked && d.open) || (exterior && (!d.locked || d.open))) notSecure.push(door.id);
    if (exterior && (!d.locked || d.open)) exteriorSecure = false;
  }
  const panicTrouble = state.deviceAlarms.filter((d) => model.safety.panics.has(d));
  const fireTrouble = state.deviceAlarms.filter((d) => model.fireInputs.has(d));
  return {
    mode: state.safety.mode,
    drill: state.safety.drill,
    silent: state.safety.silent,
    mode_since: state.safety.since > 0 ? new Date(state.safety.since).toISOString() : null,
    fire_alarm: state.fire.length > 0,
    strobes: strobesOn(model, state.safety),
    exterior_secure: exteriorSecure,
    doors_not_secure: notSecure,
    doors_in_alarm: inAlarm,
    doors_unlocked: unlocked,
    panic_coverage: panicTrouble.length === 0 ? "full" : "degraded",
    panic_trouble: panicTrouble,
    fire_coverage: fireTrouble.length === 0 ? "full" : "degraded",
    fire_trouble: fireTrouble,
  };
}
