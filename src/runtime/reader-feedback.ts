import type { StoredEvent } from "../core/events.js";
import type { DeviceDriver } from "../drivers/driver.js";
import { cueSignal, signalFor, type Signalled } from "../drivers/reader-signal.js";
import type { EventBus } from "./event-bus.js";

/**
 * Readers show what the core decided: each recorded access, lockout and mode event, and each prompt
 * the core asked for (present the PIN), becomes a signal (reader-signal.ts) handed to the reader it
 * concerns, or to every one for a mode; each driver shows it as it can (OSDP LED, beeper and text;
 * a converter's command line). Returns the call that stops it.
 */
export function watchReaderFeedback(bus: EventBus, drivers: () => ReadonlyMap<string, DeviceDriver>): () => void {
  const show = (s: Signalled): void => {
    const targets = "all" in s ? [...drivers().values()] : [drivers().get(s.reader)];
    for (const d of targets) d?.signal?.(s.signal);
  };
  const stopRecorded = bus.on("recorded", (events: readonly StoredEvent[]) => {
    for (const e of events) {
      const s = signalFor(e);
      if (s !== null) show(s);
    }
  });
  const stopCue = bus.on("cue", (c) => show(cueSignal(c)));
  return () => {
    stopRecorded();
    stopCue();
  };
}
