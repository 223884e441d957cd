/**
 * The two classes of events the district uplink treats apart from the ordered stream (urgent and
 * kept, defined in src/core/event-classes.ts), as SQL over the `events` table.
 *
 * Each rule is also the WHERE clause of a partial index (store migration 5, the urgent one recreated
 * by migration 6), and every statement that
 * applies a rule names its index with INDEXED BY: SQLite then refuses to prepare a statement whose
 * rule no longer matches the index, instead of silently reading the whole log. Change a rule only
 * together with a migration that recreates its index.
 */

/** Partial index on `seq` of the urgent events. */
export const URGENT_INDEX = "events_uplink_urgent";

/** SQL true for an urgent event: sent to the district ahead of the ordered drain. */
export const URGENT_SQL = `(type IN ('mode', 'panic', 'alarm')
  OR (type = 'screening' AND json_extract(body, '$.result') = 'alarm')
  OR (type = 'door' AND json_extract(body, '$.action') IN ('forced_open', 'held_open'))
  OR (type = 'alarm_state' AND json_extract(body, '$.action') = 'escalated'))`;

/** Partial index on `seq` of the events the backlog quota keeps. */
export const KEPT_INDEX = "events_uplink_kept";

/**
 * SQL true for an event the backlog quota keeps. Written as "not routine" so that an event type added
 * later is kept until someone decides otherwise; a door event without an action is kept too.
 */
export const KEPT_SQL = `type <> 'access'
  AND (type <> 'door' OR ifnull(json_extract(body, '$.action'), '') NOT IN ('opened', 'closed'))`;
