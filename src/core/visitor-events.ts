/** Every step of a visit the event log records. */
export const VISITOR_ACTIONS = ["signed_in", "held", "decided", "refused", "signed_out", "auto_signed_out", "purged"] as const;

/** What an officer decided about a visitor held by the watch list screening. */
export const VISITOR_DECISIONS = ["confirm", "clear", "escalate"] as const;

/**
 * A visit moved: signed in, held for an officer, decided, refused, signed out (by the desk or at the
 * end of the school day), or old visit records purged. The event log goes to the district: it names
 * the visit by its id and carries counts, never the visitor's name, date of birth or ID data (those
 * stay in the store's `visitors` table).
 */
export interface VisitorEvent {
  type: "visitor";
  action: (typeof VISITOR_ACTIONS)[number];
  /** The visit; null for a purge. */
  visitor_id: string | null;
  /** The destination's key in the `visitors` section; null for a purge. */
  destination: string | null;
  /** The MQTT user who signed in, out or decided; null when the gateway did (auto sign-out, purge). */
  by: string | null;
  /** For `decided`: the decision. */
  decision: (typeof VISITOR_DECISIONS)[number] | null;
  /** Visitors on site after the move. */
  on_site: number;
  /**
   * For `purged`: visits whose ID data went, whole visits that went, and visitors whose names went
   * from roll call records (kept as long as the ID data).
   */
  purged: { id_data: number; visits: number; roll_call_names: number } | null;
}
