import type { EventBody } from "./events.js";

/**
 * The two classes of events treated apart from the ordered stream to the district:
 *
 * - **urgent**: what a command center must see at once, ahead of any backlog — `mode`, `panic`,
 *   `alarm` (fire among them), a `screening` alarm, a door `forced_open` or `held_open`, and an
 *   alarm left unacknowledged past its time (`alarm_state` `escalated`);
 * - **kept**: what a backlog quota never skips — every event except routine `access` and door
 *   `opened`/`closed` events (an event type added later is kept until someone decides otherwise).
 *
 * src/uplink/event-classes.ts states the same rules in SQL over the stored log; a test holds the two
 * to the same answers.
 */

const URGENT_TYPES: ReadonlySet<EventBody["type"]> = new Set(["mode", "panic", "alarm"]);

/** Whether the district must see `e` at once, ahead of any backlog. */
export function isUrgent(e: EventBody): boolean {
  if (URGENT_TYPES.has(e.type)) return true;
  if (e.type === "screening") return e.result === "alarm";
  if (e.type === "door") return e.action === "forced_open" || e.action === "held_open";
  if (e.type === "alarm_state") return e.action === "escalated";
  return false;
}

/** Whether a backlog quota must keep `e`: everything but routine access and door opened/closed. */
export function isKept(e: EventBody): boolean {
  if (e.type === "access") return false;
  if (e.type === "door") return e.action !== "opened" && e.action !== "closed";
  return true;
}
