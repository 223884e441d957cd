import type { EventBody, StoredEvent } from "../core/events.js";
import type { Logger } from "../log.js";
import type { EventLog } from "../store/event-log.js";
import { logEvent } from "./event-log-line.js";
import type { Publisher } from "./publisher.js";

/**
 * Record events that do not come from a decision (commands, uplink reports): store them, log one
 * line each, publish them. Throws when the store fails, as `EventLog.append` does.
 */
export function recordEvents(
  parts: { readonly events: EventLog; readonly publisher: Publisher | undefined; readonly log: Logger },
  bodies: readonly EventBody[],
  now: number,
): StoredEvent[] {
  const stored = parts.events.append(bodies, now);
  for (const e of stored) logEvent(parts.log, e);
  parts.publisher?.events(stored);
  return stored;
}
