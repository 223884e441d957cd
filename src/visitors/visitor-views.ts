import type { HeldVisitor, OnSiteVisitor } from "./ports.js";
import { matchesOf, screeningUnavailable, type Visit, type VisitStatus } from "./visit.js";
import type { DeskVisit, OfficerVisit, VisitorHoldsPayload, VisitorsStatePayload } from "./visitor-schemas.js";

/**
 * What each reader sees of visits: the desk a neutral "please wait" for a hold and "not admitted"
 * for a refusal (never the match, its category or the decision); officers and administrators the
 * screening's possible matches and who decided what.
 */

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

const DESK_STATUS: Readonly<Record<VisitStatus, DeskVisit["status"]>> = {
  held: "please_wait",
  signed_in: "signed_in",
  signed_out: "signed_out",
  refused: "not_admitted",
};

function common(v: Visit): Omit<DeskVisit, "status"> {
  return {
    visitor_id: v.id,
    first_name: v.firstName,
    last_name: v.lastName,
    host: v.host,
    destination: v.destination,
    reason: v.reason,
    escort_required: v.escortRequired,
    arrived_at: new Date(v.arrivedAt).toISOString(),
    signed_in_at: iso(v.signedInAt),
    signed_out_at: iso(v.signedOutAt),
    pass: v.pass === null ? null : { ...v.pass, doors: [...v.pass.doors] },
  };
}

/** A visit as the desk reads it. */
export function deskVisit(v: Visit): DeskVisit {
  return { ...common(v), status: DESK_STATUS[v.status] };
}

/** A visit as an officer or an administrator reads it. */
export function officerVisit(v: Visit): OfficerVisit {
  return {
    ...common(v),
    status: v.status,
    date_of_birth: v.dateOfBirth,
    matches: matchesOf(v.screening).map((m) => ({ entry: m.entry, category: m.category, rules: [...m.rules] })),
    screening_unavailable: screeningUnavailable(v.screening),
    decision: v.decision,
    decided_by: v.decidedBy,
    decision_note: v.decisionNote,
  };
}

const nameOf = (v: Visit): string => `${v.firstName} ${v.lastName}`;

/** The roster's view of the visitors on site. */
export function onSiteOf(open: readonly Visit[]): OnSiteVisitor[] {
  return open
    .filter((v) => v.status === "signed_in")
    .map((v) => ({ visitor_id: v.id, name: nameOf(v), destination: v.destination, host: v.host, since: new Date(v.signedInAt ?? v.arrivedAt).toISOString(), pass: v.pass }));
}

/** The visitors held at the desk for an officer: in the building, not admitted. */
export function heldOf(open: readonly Visit[]): HeldVisitor[] {
  return open
    .filter((v) => v.status === "held")
    .map((v) => ({ visitor_id: v.id, name: nameOf(v), destination: v.destination, host: v.host, since: new Date(v.arrivedAt).toISOString() }));
}

/** `state/visitors` from the open visits. */
export function visitorsState(open: readonly Visit[]): VisitorsStatePayload {
  const escort = new Map(open.map((v) => [v.id, v.escortRequired]));
  return {
    on_site: onSiteOf(open).map((o) => ({ ...o, escort_required: escort.get(o.visitor_id) ?? false, pass: o.pass === null ? null : { ...o.pass, doors: [...o.pass.doors] } })),
    waiting: heldOf(open).map(({ visitor_id, name, since }) => ({ visitor_id, name, since })),
  };
}

/** `state/visitor_holds` from the open visits. */
export function holdsState(open: readonly Visit[]): VisitorHoldsPayload {
  return {
    holds: open
      .filter((v) => v.status === "held")
      .map((v) => ({
        visitor_id: v.id,
        first_name: v.firstName,
        last_name: v.lastName,
        date_of_birth: v.dateOfBirth,
        destination: v.destination,
        host: v.host,
        since: new Date(v.arrivedAt).toISOString(),
        escalated: v.decision === "escalate",
        matches: matchesOf(v.screening).map((m) => ({ entry: m.entry, category: m.category, rules: [...m.rules] })),
        screening_unavailable: screeningUnavailable(v.screening),
      })),
  };
}
