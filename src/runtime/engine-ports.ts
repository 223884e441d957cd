import type { Broker } from "../bus/broker.js";
import type { RuntimeModel } from "../config/runtime-model.js";
import { siteSummary } from "../core/site-summary.js";
import type { CoreState } from "../core/state.js";
import type { DeviceDriver } from "../drivers/driver.js";
import { deviceEnergised } from "../drivers/lock-level.js";
import type { Logger } from "../util/log.js";
import type { EventBus } from "./event-bus.js";
import type { EffectPorts } from "./engine.js";
import type { Publisher } from "./publisher.js";
import { copyOf, syncSafetyCopy, writeSafetyCopy } from "./safety-copy.js";
import type { Recorder } from "./recorder.js";

/** What the engine's ports are made of. Drivers are looked up late: they start after the engine. */
export interface PortParts {
  readonly model: RuntimeModel;
  /** The one writer of events: stores, logs, publishes and announces them. */
  readonly recorder: Recorder;
  readonly publisher: Publisher;
  readonly drivers: () => ReadonlyMap<string, DeviceDriver>;
  readonly broker?: Broker;
  /** Where the second copy of the safety state is kept (see safety-copy.ts). */
  readonly safetyCopy: string;
  readonly log: Logger;
  /** Where reader prompts go (reader-feedback.ts listens). */
  readonly bus?: EventBus;
}

/** Keep the safety copy: renamed into place now, flushed to disk once the decision is carried out. */
function keepSafety(p: PortParts, state: CoreState): void {
  try {
    writeSafetyCopy(p.safetyCopy, copyOf(state));
  } catch (err) {
    p.log.error({ err }, "safety copy could not be written");
    return;
  }
  setImmediate(() => {
    try {
      syncSafetyCopy(p.safetyCopy);
    } catch (err) {
      p.log.error({ err }, "safety copy could not be flushed");
    }
  });
}

/** Wire the engine's effects to the store, the outputs and the broker. */
export function createEnginePorts(p: PortParts): EffectPorts {
  return {
    record: (bodies, safety, now) => p.recorder.store(bodies, safety, now),
    lock: (e) => {
      const driver = p.drivers().get(e.device);
      driver?.setActive?.(deviceEnergised(driver.device, e.locked));
    },
    signal: (e) => p.drivers().get(e.device)?.setActive?.(e.active),
    cue: (e) => p.bus?.emit("cue", e),
    publishEvents: (stored) => p.recorder.announce(stored),
    publishDoorState: (e) => p.publisher.doorState(e.door, { locked: e.locked, open: e.open, alarm: e.alarm }),
    publishSite: (state) => p.publisher.site(siteSummary(p.model.core, state)),
    keepSafety: (state) => keepSafety(p, state),
  };
}
