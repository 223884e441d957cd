import type { StoredEvent } from "../core/events.js";
import type { DeviceDriver } from "../drivers/driver.js";
import { feedbackFor } from "../drivers/osdp/osdp-feedback.js";
import { OsdpDevice } from "../drivers/osdp/osdp-device.js";
import type { EventBus } from "./event-bus.js";

/**
 * Readers show what the core decided: each recorded access, lockout and mode event is turned into
 * the reader's LED and beeper commands (osdp-feedback.ts) and handed to the OSDP reader it concerns,
 * or to every one for a mode. Returns the call that stops it.
 */
export function watchReaderFeedback(bus: EventBus, drivers: () => ReadonlyMap<string, DeviceDriver>): () => void {
  return bus.on("recorded", (events: readonly StoredEvent[]) => {
    for (const e of events) {
      const f = feedbackFor(e);
      if (f === null) continue;
      const targets = "all" in f ? [...drivers().values()] : [drivers().get(f.reader)];
      for (const d of targets) if (d instanceof OsdpDevice) d.feedback(f.commands);
    }
  });
}
