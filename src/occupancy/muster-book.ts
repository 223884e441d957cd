import type { MusterPerson, MusterStatus, MusterView, PersonKind } from "../bus/muster-payloads.js";
import type { MusterCounts } from "../core/muster-events.js";

/**
 * A roll call after an evacuation, as the Standard Reunification Method accounts for people: the
 * list of those expected (who the building held when it started), and each roll call taker's marks
 * at an assembly point: found, found hurt, or missing; anyone found who was not expected is extra.
 * Pure: no I/O, times in epoch ms.
 */

/** One person of a roll call. */
export interface MusterEntry {
  /** A cardholder id, or `visitor:<visitor id>`. */
  readonly id: string;
  readonly kind: PersonKind | null;
  /** A visitor's name; null for cardholders, and once the ID data's retention ended. */
  readonly name: string | null;
  /** A visitor held at the desk for an officer's decision when the roll call started. */
  readonly held: boolean;
  /** On the list when the roll call started; false for an extra. */
  readonly expected: boolean;
  status: MusterStatus | null;
  point: string | null;
  by: string | null;
  at: number | null;
}

export interface AssemblyPoint {
  readonly id: string;
  readonly name: string;
}

/** A roll call, open or ended. */
export interface MusterRecord {
  readonly id: string;
  readonly startedAt: number;
  readonly startedBy: string;
  readonly mode: string;
  readonly drill: boolean;
  readonly points: readonly AssemblyPoint[];
  endedAt: number | null;
  endedBy: string | null;
  readonly people: Map<string, MusterEntry>;
}

/** Who a roll call starts with. */
export interface ExpectedPerson {
  readonly id: string;
  readonly kind: PersonKind;
  readonly name: string | null;
  /** A visitor held at the desk for an officer's decision (absent: not held). */
  readonly held?: boolean;
}

/** A new roll call expecting `people` (duplicates kept once). */
export function openMuster(
  start: Pick<MusterRecord, "id" | "startedAt" | "startedBy" | "mode" | "drill" | "points">,
  people: readonly ExpectedPerson[],
): MusterRecord {
  const entries = new Map<string, MusterEntry>();
  for (const p of people) {
    if (!entries.has(p.id)) entries.set(p.id, { id: p.id, kind: p.kind, name: p.name, held: p.held ?? false, expected: true, status: null, point: null, by: null, at: null });
  }
  return { ...start, endedAt: null, endedBy: null, people: entries };
}

/** Why a mark is refused. */
export type MarkRefusal = "unknown_point";

/**
 * Mark `ids` with `status` at `point` (null: not said), by `by`: the entries changed, or why not.
 * A later mark overrides an earlier one (a missing student found). An id not expected is added as extra.
 */
export function markPeople(
  record: MusterRecord,
  mark: { ids: readonly string[]; status: MusterStatus; point: string | null; by: string },
  now: number,
): MusterEntry[] | MarkRefusal {
  if (mark.point !== null && !record.points.some((p) => p.id === mark.point)) return "unknown_point";
  const changed = new Map<string, MusterEntry>();
  for (const id of mark.ids) {
    const entry = record.people.get(id) ?? { id, kind: null, name: null, held: false, expected: false, status: null, point: null, by: null, at: null };
    Object.assign(entry, { status: mark.status, point: mark.point, by: mark.by, at: now });
    record.people.set(id, entry);
    changed.set(id, entry);
  }
  return [...changed.values()];
}

/**
 * Where the roll call stands, in numbers: each person expected is in exactly one of accounted,
 * injured, missing and unaccounted (their sum is `expected`), so "accounted = expected" means
 * everyone was found. Someone found who was not expected counts only as extra: an extra never
 * stands in for a person still missing.
 */
export function musterCounts(record: MusterRecord): MusterCounts {
  const counts: MusterCounts = { expected: 0, accounted: 0, injured: 0, missing: 0, unaccounted: 0, extra: 0 };
  for (const e of record.people.values()) {
    if (!e.expected) counts.extra++;
    else {
      counts.expected++;
      counts[e.status ?? "unaccounted"]++;
    }
  }
  return counts;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

function personOf(e: MusterEntry): MusterPerson {
  return { id: e.id, kind: e.kind, name: e.name, held: e.held, status: e.status ?? "unaccounted", point: e.point, by: e.by, at: iso(e.at), extra: !e.expected };
}

/** The roll call as `state/muster` and `response/muster` show it: counts, points, and who is not found yet. */
export function musterView(record: MusterRecord): MusterView {
  const entries = [...record.people.values()];
  const withStatus = (s: MusterStatus | null) => entries.filter((e) => e.status === s).map(personOf);
  const foundAt = (point: string) => entries.filter((e) => e.point === point && (e.status === "accounted" || e.status === "injured")).length;
  return {
    id: record.id,
    started_at: iso(record.startedAt) as string,
    started_by: record.startedBy,
    mode: record.mode,
    drill: record.drill,
    ended_at: iso(record.endedAt),
    ended_by: record.endedBy,
    counts: musterCounts(record),
    points: record.points.map((p) => ({ id: p.id, name: p.name, accounted: foundAt(p.id) })),
    unaccounted: withStatus(null),
    missing: withStatus("missing"),
    injured: withStatus("injured"),
  };
}
