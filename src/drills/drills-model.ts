// The `drills` section compiled for the runtime: the state profile read once, each school year as epoch ms.
import { BUILTIN_PROFILE_DIR, loadBuiltinProfile, type Profile } from "./profile.js";
import { schoolYear, type SchoolYear } from "./school-year.js";

/** One school year by its name (`2026-27`): from the first day's local midnight to the end of the last day, in the site's time zone. */
export interface NamedSchoolYear extends SchoolYear {
  readonly name: string;
}

export interface DrillsModel {
  readonly profile: Profile;
  /** The site's IANA time zone, where its school days begin and end. */
  readonly timeZone: string;
  /** Oldest first. */
  readonly years: readonly NamedSchoolYear[];
}

/** The section as written (config/schema-drills.ts). */
export interface DrillsSection {
  readonly profile: string;
  readonly school_years: Readonly<Record<string, { readonly first_day: string; readonly last_day: string }>>;
}

/**
 * Read the section's profile and turn its dates into instants of the site's days (`timeZone`, the
 * site's). Throws when the profile is missing or invalid.
 */
export function compileDrills(section: DrillsSection, timeZone: string, profileDir = BUILTIN_PROFILE_DIR): DrillsModel {
  const years = Object.entries(section.school_years)
    .map(([name, y]) => ({ name, ...schoolYear(y.first_day, y.last_day, timeZone) }))
    .sort((a, b) => a.firstDay - b.firstDay);
  return Object.freeze({ profile: loadBuiltinProfile(section.profile, profileDir), timeZone, years: Object.freeze(years) });
}

/** The school year `now` falls in; between years the next one; after the last, the last. */
export function yearAt(model: DrillsModel, now: number): NamedSchoolYear | undefined {
  return model.years.find((y) => now < y.end) ?? model.years.at(-1);
}

/** A school year by name. */
export function yearNamed(model: DrillsModel, name: string): NamedSchoolYear | undefined {
  return model.years.find((y) => y.name === name);
}
