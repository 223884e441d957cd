// Drill records and compliance as the wire says them: epoch ms become ISO 8601, camelCase becomes snake_case.
import type { DrillRecordPayload, DrillsStatePayload } from "../bus/drill-payloads.js";
import type { DrillEvent, UnsecuredDoor } from "../core/drill-events.js";
import type { RequirementStatus } from "./compliance.js";
import type { DrillRecord } from "./drill-store.js";
import type { Profile } from "./profile.js";
import { lastDayBefore } from "./school-year.js";

const iso = (t: number): string => new Date(t).toISOString();

/** A drill's evidence in its record's `detail`: the mode it ran and, for a lockdown, its time to secure. */
export interface DrillDetail {
  mode?: string | null;
  secure_ms?: number | null;
  unsecured?: UnsecuredDoor[];
  lock_only?: string[];
  /** Secured while the gateway was not running: the most it can have taken (then `secure_ms` is null). */
  secure_ms_at_most?: number;
  /** Why the time to secure is not exact. */
  secure_note?: string;
}

export const detailOf = (r: DrillRecord): DrillDetail => r.detail as DrillDetail;

/** The time-to-secure fields of a record, present only for a drill that measured one. */
function secureFields(d: DrillDetail): Pick<DrillEvent, "secure_ms" | "unsecured" | "lock_only" | "secure_ms_at_most" | "secure_note"> {
  if (d.secure_ms === undefined) return {};
  const unseen = d.secure_ms_at_most === undefined ? {} : { secure_ms_at_most: d.secure_ms_at_most, secure_note: d.secure_note ?? "" };
  return { secure_ms: d.secure_ms, unsecured: d.unsecured ?? [], lock_only: d.lock_only ?? [], ...unseen };
}

/** What the record's event says. The notes stay out: free text may name a student. */
export function drillEvent(r: DrillRecord, action: DrillEvent["action"]): DrillEvent {
  const d = detailOf(r);
  return {
    type: "drill",
    action,
    drill_id: r.id,
    drill_type: r.type,
    mode: d.mode ?? null,
    started_at: iso(r.startedAt),
    started_by: r.startedBy,
    ended_at: r.endedAt === null ? null : iso(r.endedAt),
    ended_by: r.endedBy,
    participants: r.participants,
    ...secureFields(d),
  };
}

/** The record as its asker reads it (`response/drill`), notes included. */
export function drillPayload(r: DrillRecord): DrillRecordPayload {
  const { type: _t, action: _a, drill_id, drill_type, ...rest } = drillEvent(r, "updated");
  return { id: drill_id, type: drill_type, ...rest, notes: r.notes };
}

/** A year's compliance (`state/drills`, `response/drills`) at a site in `timeZone`. */
export function complianceState(profile: Profile, year: string, statuses: readonly RequirementStatus[], timeZone: string): DrillsStatePayload {
  const requirements = statuses.map((s) => ({ ...s, deadline: iso(s.deadline), last_day: lastDayBefore(s.deadline, timeZone) }));
  const count = (status: RequirementStatus["status"]) => statuses.filter((s) => s.status === status).length;
  return { profile: profile.state, year, requirements, done: count("done"), due: count("due"), overdue: count("overdue") };
}
