import type { EventBody, StoredEvent } from "../core/events.js";
import type { SafetyState } from "../core/state.js";
import type { Logger } from "../util/log.js";
import type { EventBus } from "./event-bus.js";
import { logEvent } from "./event-log-line.js";
import type { HeldWrites } from "./held-writes.js";
import type { Publisher } from "./publisher.js";

/**
 * The one writer of events. The engine hands it each decision's events (and, for a mode change, the
 * safety state) to store in one transaction — held in memory while the store cannot write — and then,
 * once the outputs moved, to announce: one log line each, publication on the embedded broker in seq
 * order, then the `recorded` notice the district uplink listens to.
 */
export class Recorder {
  private quietDevices = false;

  constructor(
    private readonly writes: HeldWrites,
    private readonly publisher: Publisher,
    private readonly bus: EventBus,
    private readonly log: Logger,
  ) {}

  /** Store events and a safety state in one transaction (or hold them); the events as stamped. Never throws. */
  store(bodies: readonly EventBody[], safety: SafetyState | null, now: number): StoredEvent[] {
    return this.writes.record(bodies, safety, now);
  }

  /** Log, publish and announce stored events, in order. */
  announce(stored: readonly StoredEvent[]): void {
    if (stored.length === 0) return;
    for (const e of stored) logEvent(this.log, e, this.quietDevices);
    this.publisher.events(stored);
    this.bus.emit("recorded", stored);
  }

  /**
   * While devices start, log their statuses at debug: start-up reports them in one summary line
   * (every status is still recorded and published).
   */
  devicesStarting(starting: boolean): void {
    this.quietDevices = starting;
  }
}
