import type { SiteTopics } from "../../bus/topics.js";
import type { RuntimeModel } from "../../config/runtime-model.js";
import type { Hardware } from "../../drivers/hardware.js";
import type { Logger } from "../../util/log.js";
import type { RetainedStates } from "../../uplink/retained.js";
import type { EventBus } from "../event-bus.js";
import type { SdNotify } from "../sd-notify.js";
import type { ClockSyncSource } from "../clock-sync.js";
import type { SteadyClock } from "../../time/steady-clock.js";
import type { TimerApi } from "../../time/timers.js";

/** What every component is given: fixed for the life of the gateway. */
export interface GatewayContext {
  readonly model: RuntimeModel;
  readonly log: Logger;
  readonly timers: TimerApi;
  /** The engine's clock: steady time for deadlines, wall time for timestamps. */
  readonly clock: SteadyClock;
  /** Whether the wall clock is synchronised, as the system's time service says. */
  readonly clockSync: ClockSyncSource;
  readonly notify: SdNotify;
  readonly topics: SiteTopics;
  readonly version: string;
  readonly startedAt: string;
  /** Every retained state the gateway publishes, mirrored for the district uplink. */
  readonly retained: RetainedStates;
  /** Notices between parts: the recorder says what it recorded, the uplink listens. */
  readonly bus: EventBus;
  /** The serial binding, GPIO, HID and clock the drivers run on (fakes in tests). */
  readonly hardware: Hardware;
}
