import type { VISITOR_DECISIONS } from "../core/visitor-events.js";
import type { ScreenMatch } from "../screening/screen.js";
import type { IssuedPass } from "./ports.js";

/** Where a visit stands: waiting for an officer, on site, refused, or gone. */
export type VisitStatus = "held" | "signed_in" | "refused" | "signed_out";

/** What an officer decided about a held visitor. */
export type VisitorDecision = (typeof VISITOR_DECISIONS)[number];

/**
 * What the screening left for the officer: the possible matches, or `unavailable` when the watch list
 * could not be read (the visitor is held all the same).
 */
export type VisitScreening = readonly ScreenMatch[] | { readonly unavailable: true };

/** One visit at the front desk, as the register keeps it. Personal data: never logged. */
export interface Visit {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  /** Null once the ID data's retention ended, as are the ID type and last 4. */
  readonly dateOfBirth: string | null;
  readonly idType: string | null;
  readonly idLast4: string | null;
  readonly host: string;
  readonly destination: string;
  readonly reason: string;
  readonly escortRequired: boolean;
  readonly passKind: "card" | "printed";
  readonly status: VisitStatus;
  /** Epoch ms the visitor signed in at the desk (held or not). */
  readonly arrivedAt: number;
  /** Epoch ms the visitor was admitted; null while held or when refused. */
  readonly signedInAt: number | null;
  readonly signedOutAt: number | null;
  readonly screening: VisitScreening;
  readonly decision: VisitorDecision | null;
  readonly decidedBy: string | null;
  readonly decisionNote: string | null;
  readonly pass: IssuedPass | null;
}

/** The possible matches of a screening (none when the list could not be read). */
export function matchesOf(s: VisitScreening): readonly ScreenMatch[] {
  return "unavailable" in s ? [] : s;
}

/** Whether the watch list could not be read at sign-in. */
export function screeningUnavailable(s: VisitScreening): boolean {
  return "unavailable" in s;
}
