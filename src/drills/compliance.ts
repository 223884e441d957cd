// Which of a profile's requirements a school year's drills satisfy: done, due (with deadline) or overdue.
import type { DrillType, Participant, Profile, Requirement } from "./profile.js";

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
  /** Deadline, epoch ms: drills must start before it. */
  deadline: number;
}

export interface SchoolYear {
  /** First day of school, epoch ms. */
  firstDay: number;
  /** Last day of the school year, epoch ms. */
  end: number;
}

const DAY_MS = 86_400_000;

/** The last day (UTC, YYYY-MM-DD) a drill may start on to count, from the exclusive deadline. */
export function lastDayBefore(deadline: number): string {
  return new Date(deadline - 1).toISOString().slice(0, 10);
}

function deadlineOf(req: Requirement, year: SchoolYear): number {
  return req.withinDaysOfStart === undefined ? year.end : year.firstDay + req.withinDaysOfStart * DAY_MS;
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
