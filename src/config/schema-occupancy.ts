import { z } from "zod";

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, "must be 1-64 of A-Z a-z 0-9 _ . : -");

/** Where people gather after an evacuation and are accounted for, one roll call taker per point. */
const AssemblyPoint = z.strictObject({
  id: Id,
  /** What the roll call calls it: "North field", "Church parking lot". */
  name: z.string().min(1).max(80),
});

/**
 * The `occupancy` section: who is in the building and the roll call after an evacuation. Visitors on
 * site come from the front desk's register; staff and students are counted only when the site turns
 * `track_people` on, from their last granted read at an entry or an exit reader.
 */
export const OccupancySchema = z.strictObject({
  /** Whether staff and students are placed in or out of the building by their entry and exit reads. */
  track_people: z.boolean().default(false),
  /** Readers a person badges at to come in (the outside reader of an exterior door). */
  entry_readers: z.array(Id).default([]),
  /** Readers a person badges at to go out (the inside reader of an exterior door). */
  exit_readers: z.array(Id).default([]),
  /** Hours after which an entry with no exit no longer places a person inside (a forgotten badge-out). */
  presence_hours: z.number().int().min(1).max(48).default(16),
  /** Where people gather after an evacuation, for the roll call. */
  assembly_points: z.array(AssemblyPoint).default([]),
});
export type OccupancyConfig = z.infer<typeof OccupancySchema>;

/** The section as the runtime reads it. */
export interface OccupancyModel {
  readonly trackPeople: boolean;
  readonly entryReaders: ReadonlySet<string>;
  readonly exitReaders: ReadonlySet<string>;
  readonly presenceMs: number;
  readonly assemblyPoints: readonly { readonly id: string; readonly name: string }[];
}

/** The runtime's view of the section; a site without it tracks visitors only and has no assembly points. */
export function compileOccupancy(config: OccupancyConfig = OccupancySchema.parse({})): OccupancyModel {
  return Object.freeze({
    trackPeople: config.track_people,
    entryReaders: new Set(config.entry_readers),
    exitReaders: new Set(config.exit_readers),
    presenceMs: config.presence_hours * 3_600_000,
    assemblyPoints: Object.freeze(config.assembly_points.map((p) => Object.freeze({ ...p }))),
  });
}
