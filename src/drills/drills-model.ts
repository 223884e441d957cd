// The `drills` section compiled for the runtime: the state profile read once, each school year as epoch ms.
import type { SchoolYear } from "./compliance.js";
import { BUILTIN_PROFILE_DIR, loadBuiltinProfile, type Profile } from "./profile.js";

const DAY_MS = 86_400_000;

/** One school year by its name (`2026-27`): from the first day 00:00 to the day after the last (UTC, as reports count days). */
export interface NamedSchoolYear extends SchoolYear {
  readonly name: string;
}

export interface DrillsModel {
  readonly profile: Profile;
  /** Oldest first. */
  readonly years: readonly NamedSchoolYear[];
}

/** The section as written (config/schema-drills.ts). */
export interface DrillsSection {
  readonly profile: string;
  readonly school_years: Readonly<Record<string, { readonly first_day: string; readonly last_day: string }>>;
}

const dayStart = (date: string): number => Date.parse(`${date}T00:00:00.000Z`);

/** Read the section's profile and turn its dates into instants. Throws when the profile is missing or invalid. */
export function compileDrills(section: DrillsSection, profileDir = BUILTIN_PROFILE_DIR): DrillsModel {
  const years = Object.entries(section.school_years)
    .map(([name, y]) => ({ name, firstDay: dayStart(y.first_day), end: dayStart(y.last_day) + DAY_MS }))
    .sort((a, b) => a.firstDay - b.firstDay);
  return Object.freeze({ profile: loadBuiltinProfile(section.profile, profileDir), years: Object.freeze(years) });
}

/** The school year `now` falls in; between years the next one; after the last, the last. */
export function yearAt(model: DrillsModel, now: number): NamedSchoolYear | undefined {
  return model.years.find((y) => now < y.end) ?? model.years.at(-1);
}

/** A school year by name. */
export function yearNamed(model: DrillsModel, name: string): NamedSchoolYear | undefined {
  return model.years.find((y) => y.name === name);
}
