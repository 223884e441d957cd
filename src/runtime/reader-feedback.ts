import type { StoredEvent } from "../core/events.js";
import type { DeviceDriver } from "../devices/driver.js";
import { cueCommands, feedbackFor } from "../devices/osdp-feedback.js";
import { OsdpDevice } from "../devices/osdp-device.js";
import type { EventBus } from "./event-bus.js";

/**
 * Readers show what the core decided: each recorded access, lockout and mode event is turned into
 * the reader's LED and beeper commands (osdp-feedback.ts) and handed to the OSDP reader it concerns,
 * or to every one for a mode; a prompt (present the PIN) goes to its reader the same way. Returns
 * the call that stops it.
 */
export function watchReaderFeedback(bus: EventBus, drivers: () => ReadonlyMap<string, DeviceDriver>): () => void {
  const stopRecorded = bus.on("recorded", (events: readonly StoredEvent[]) => {
    for (const e of events) {
      const f = feedbackFor(e);
      if (f === null) continue;
      const targets = "all" in f ? [...drivers().values()] : [drivers().get(f.reader)];
      for (const d of targets) if (d instanceof OsdpDevice) d.feedback(f.commands);
    }
  });
  const stopCue = bus.on("cue", (c) => {
    const d = drivers().get(c.reader);
    if (d instanceof OsdpDevice) d.feedback(cueCommands(c));
  });
  return () => {
    stopRecorded();
    stopCue();
  };
}
