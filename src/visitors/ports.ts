/**
 * What the front desk's parts offer each other: the visitor register (sign-in, sign-out) issues
 * passes through `VisitorPasses`, and who is on site is read through `VisitorRoster`.
 */

/** A pass handed to a visitor: a card of the desk's pool or a printed pass with a QR code. */
export interface IssuedPass {
  readonly visitor_id: string;
  readonly kind: "card" | "printed";
  /** The pool card's label ("V-01"); null for a printed pass. */
  readonly card_label: string | null;
  /** What the printed pass's QR code carries; null for a card. */
  readonly qr: string | null;
  /** The doors the pass opens (the destination's, groups expanded). */
  readonly doors: readonly string[];
  /** When the pass stops opening doors (ISO 8601): sign-out or the end of the school day. */
  readonly expires_at: string;
}

export type PassRefusal = "pool_empty" | "printed_passes_off" | "unknown_destination";

export interface VisitorPasses {
  /** Issue a pass to a signed-in visitor, or say why not. */
  issue(request: { visitor_id: string; destination: string; kind: "card" | "printed"; expires_at: string }): IssuedPass | { refused: PassRefusal };
  /** Withdraw a visitor's pass (sign-out, auto sign-out); its card goes back to the pool. */
  revoke(visitor_id: string): void;
}

/** A visitor signed in and not yet out. Personal data: only for roles that may see visitors. */
export interface OnSiteVisitor {
  readonly visitor_id: string;
  readonly name: string;
  readonly destination: string;
  readonly host: string;
  readonly since: string;
  readonly pass: IssuedPass | null;
}

/**
 * A visitor held at the desk for an officer's decision on the screening: not admitted (no pass), but
 * in the building all the same (an evacuation must count them); `since` is when they signed in at
 * the desk. Personal data, as OnSiteVisitor.
 */
export type HeldVisitor = Omit<OnSiteVisitor, "pass">;

/** The desk's last ID scans (desk-scans.ts): a sign-in of the person a scan read takes it down. */
export interface ScannedIds {
  signedIn(person: { readonly dateOfBirth: string; readonly idLast4: string }): void;
}

/** The roll calls' copies of visitors' names (occupancy/muster-service.ts), kept as long as the ID data. */
export interface RollCallNames {
  /** Empty the visitor names of the ended roll calls started before `before` (epoch ms); how many went. */
  forgetNames(before: number): number;
}

export interface VisitorRoster {
  onSite(): readonly OnSiteVisitor[];
  /** Visitors waiting at the desk for an officer's decision, oldest first. */
  held(): readonly HeldVisitor[];
  /** Called after every sign-in, hold, decision and sign-out; returns a function that stops listening. */
  onChange(listener: () => void): () => void;
}
