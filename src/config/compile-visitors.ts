import { credentialKey } from "../core/badge.js";
import type { SiteConfig } from "./schema.js";
import type { VisitorsConfig } from "./schema-visitors.js";

/** A destination as the front desk uses it: its name and every door a pass to it opens. */
export interface DestinationModel {
  readonly name: string;
  /** Door ids, the destination's own doors first, then those of its door groups, each once. */
  readonly doors: readonly string[];
}

/** A card of the desk's pool, with the key its reads are indexed under (see credentialKey). */
export interface PassCardModel {
  readonly label: string;
  readonly key: string;
}

/** The `visitors` section compiled: what the pass issuer runs on. */
export interface VisitorsModel {
  readonly destinations: ReadonlyMap<string, DestinationModel>;
  /** Local time ("HH:MM") at which every pass expires. */
  readonly schoolDayEnd: string;
  /** The pool, in configuration order: the first free card is handed out first. */
  readonly passCards: readonly PassCardModel[];
  readonly printedPasses: boolean;
  /** Days a visitor's date of birth and ID data are kept. */
  readonly idRetentionDays: number;
  /** Days the rest of a visit is kept. */
  readonly visitRetentionDays: number;
  /** Minutes a scanned ID's prefilled sign-in stays shown without a sign-in. */
  readonly deskScanKeepMinutes: number;
}

/** The doors of a destination: named doors, then every door carrying one of its door groups, each once. */
function destinationDoors(destination: VisitorsConfig["destinations"][string], doors: SiteConfig["doors"]): string[] {
  const groups = new Set(destination.door_groups);
  const all = [...destination.doors, ...doors.filter((d) => d.groups.some((g) => groups.has(g))).map((d) => d.id)];
  return [...new Set(all)];
}

/** The front desk's model, or null when the site has no `visitors` section. */
export function compileVisitors(config: SiteConfig): VisitorsModel | null {
  const v = config.visitors;
  if (v === undefined) return null;
  const destinations = new Map<string, DestinationModel>();
  for (const [id, d] of Object.entries(v.destinations)) {
    destinations.set(id, Object.freeze({ name: d.name, doors: Object.freeze(destinationDoors(d, config.doors)) }));
  }
  const passCards = v.pass_cards.map((c) => Object.freeze({ label: c.label, key: credentialKey(c.format, c.facility, c.number) }));
  return Object.freeze({ destinations, schoolDayEnd: v.school_day_end, passCards: Object.freeze(passCards), printedPasses: v.printed_passes, idRetentionDays: v.id_retention_days, visitRetentionDays: v.visit_retention_days, deskScanKeepMinutes: v.desk_scan_keep_minutes });
}
