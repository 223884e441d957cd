// Which of a profile's requirements a school year's drills satisfy: done, due (with deadline) or overdue.
import type { DrillType, Participant, Profile, Requirement } from "./profile.js";
import { daysAfterStart, type SchoolYear } from "./school-year.js";

export type { SchoolYear } from "./school-year.js";

export interface HeldDrill {
  type: DrillType;
  /** Start of the drill, epoch ms. */
  startedAt: number;
  participants: readonly Participant[];
}

export interface RequirementStatus {
  id: string;
  type: DrillType;
  status: "done" | "due" | "overdue";
  held: number;
  count: number;
  /** Deadline, epoch ms: drills must start before it (a site-local midnight). */
  deadline: number;
}

function deadlineOf(req: Requirement, year: SchoolYear): number {
  return req.withinDaysOfStart === undefined ? year.end : daysAfterStart(year, req.withinDaysOfStart);
}

function counts(req: Requirement, drill: HeldDrill, year: SchoolYear, deadline: number): boolean {
  if (drill.type !== req.type) return false;
  if (drill.startedAt < year.firstDay || drill.startedAt >= deadline) return false;
  return req.participant === undefined || drill.participants.includes(req.participant);
}

export function evaluate(
  profile: Profile,
  year: SchoolYear,
  drills: readonly HeldDrill[],
  now: number,
): RequirementStatus[] {
  return profile.requirements.map((req) => {
    const deadline = deadlineOf(req, year);
    const held = drills.filter((d) => counts(req, d, year, deadline)).length;
    const status = held >= req.count ? "done" : now >= deadline ? "overdue" : "due";
    return { id: req.id, type: req.type, status, held, count: req.count, deadline };
  });
}
