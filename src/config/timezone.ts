import { closest } from "../util/suggest.js";

/**
 * The site's time zone as district IT writes it: an IANA name the runtime knows, the name meant when
 * it is not one, and a warning for a name the runtime accepts that schedules will get wrong (a fixed
 * offset, with no daylight saving) or that other systems may not accept (the wrong case).
 */

/** Whether the runtime knows the zone (Intl rejects unknown names; it accepts any case). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The runtime's zone names; UTC, which it accepts, is not among them. */
function zoneNames(): string[] {
  return [...Intl.supportedValuesOf("timeZone"), "UTC"];
}


/** Names of fixed offsets that keep no daylight saving, however the site's region keeps it. */
const FIXED_OFFSET = /^(EST|MST|HST|Etc\/GMT[+-]\d{1,2}|[+-]\d{2}(:?\d{2})?)$/i;

/** The US zone for each standard offset in minutes: a site naming an offset is most likely there. */
const LIKELY_ZONE: ReadonlyMap<number, string> = new Map([
  [-300, "America/New_York"],
  [-360, "America/Chicago"],
  [-420, "America/Denver"],
  [-480, "America/Los_Angeles"],
  [-540, "America/Anchorage"],
  [-600, "Pacific/Honolulu"],
]);

/** A UTC offset as people write it (UTC-5, GMT-05:00, -0500), which the runtime does not take. */
const WRITTEN_OFFSET = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * The known zone an unknown name was likely meant to be: the closest name (`America/Chigaco`), or
 * for a written offset (`UTC-5`) the likely zone with that standard offset; undefined if none.
 */
export function closestTimeZone(tz: string): string | undefined {
  const offset = WRITTEN_OFFSET.exec(tz.trim());
  if (offset === null) return closest(tz, zoneNames());
  const [, sign, hours = "0", minutes = "0"] = offset;
  return LIKELY_ZONE.get((sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes)));
}

/** `-05:00` for a known zone at an instant. */
function offsetAt(tz: string, at: Date): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" }).formatToParts(at);
  const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  return name === "GMT" ? "+00:00" : name.slice(3);
}

function minutesOf(offset: string): number {
  const [h = 0, m = 0] = offset.slice(1).split(":").map(Number);
  return (offset.startsWith("-") ? -1 : 1) * (h * 60 + m);
}

/**
 * Why a known zone will mislead, else undefined: a fixed offset (EST, Etc/GMT+5) keeps no daylight
 * saving, and is given the likely zone instead; a name in the wrong case is given its spelling.
 */
export function timeZoneWarning(tz: string): string | undefined {
  if (!isTimeZone(tz)) return undefined;
  if (FIXED_OFFSET.test(tz)) {
    const offset = offsetAt(tz, new Date(Date.UTC(2026, 0, 1)));
    const likely = LIKELY_ZONE.get(minutesOf(offset));
    const arizona = likely === "America/Denver" ? ' ("America/Phoenix" in Arizona)' : "";
    const instead = likely === undefined ? "the site's region, as Area/City" : `the site's region, likely "${likely}"${arizona}`;
    return `"${tz}" is a fixed offset (UTC${offset}) with no daylight saving, so schedules would run an hour off for half the year wherever clocks change; name ${instead}`;
  }
  const lower = tz.toLowerCase();
  const spelled = zoneNames().find((name) => name.toLowerCase() === lower);
  if (spelled !== undefined && spelled !== tz) return `spelled "${spelled}" in the time zone database; other systems may not accept "${tz}"`;
  return undefined;
}
