import type { StoredEvent } from "../core/events.js";
import { maskCredential, type Logger } from "../log.js";

/**
 * One log line per event, for people reading the journal. Badge values are masked: the full value is
 * a student record and lives only in the audit store.
 */
export function logEvent(log: Logger, e: StoredEvent): void {
  switch (e.type) {
    case "access":
      log.info(
        { seq: e.seq, door: e.door, result: e.result, reason: e.reason, holder: e.holder, credential: maskCredential(e.credential.raw) },
        "access decision",
      );
      return;
    case "door":
      log.info({ seq: e.seq, door: e.door, action: e.action }, "door event");
      return;
    case "device":
      log.info({ seq: e.seq, device: e.device, status: e.status, reason: e.reason }, "device status");
      return;
  }
}
