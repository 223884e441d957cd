import type { Broker } from "../bus/broker.js";
import type { DoorStatePayload, SiteTopics, StatusPayload } from "../bus/topics.js";
import type { StoredEvent } from "../core/events.js";
import type { SiteSummary } from "../core/site-summary.js";
import type { Logger } from "../util/log.js";

/**
 * Publishes what the gateway knows on the embedded broker: events (not retained), states and status
 * (retained). Publication is fire-and-forget for the caller; failures are logged, never thrown: the
 * event is already in the store, and the uplink delivers from there.
 */
export class Publisher {
  private readonly log: Logger;

  constructor(
    private readonly broker: Broker,
    private readonly topics: SiteTopics,
    log: Logger,
  ) {
    this.log = log.child({ mod: "runtime/publisher" });
  }

  /** Publish stored events, each on `event/<type>`. */
  events(events: readonly StoredEvent[]): void {
    for (const e of events) this.send(this.topics.event(e.type), e, false);
  }

  /** Publish a door's retained state. */
  doorState(door: string, state: DoorStatePayload): void {
    this.send(this.topics.doorState(door), state, true);
  }

  /** Publish the retained site summary. */
  site(summary: SiteSummary): void {
    this.send(this.topics.siteState, summary, true);
  }

  /** Publish the retained gateway status; resolves once the broker has it (used on stop). */
  status(status: StatusPayload): Promise<void> {
    return this.broker.publish(this.topics.status, status, { retain: true, qos: 1 }).catch((err: unknown) => {
      this.log.error({ err }, "status publish failed");
    });
  }

  private send(topic: string, payload: unknown, retain: boolean): void {
    this.broker.publish(topic, payload, { retain, qos: 1 }).catch((err: unknown) => {
      this.log.error({ err, topic }, "publish failed");
    });
  }
}
