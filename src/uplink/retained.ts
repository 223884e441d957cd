import type { Broker } from "../bus/broker.js";
import type { Logger } from "../util/log.js";

/** Called with every retained publication: topic and its JSON text. */
export type RetainedListener = (topic: string, json: string) => void;

/**
 * The latest retained payload of every topic the gateway publishes (`status`, `state/...`), so the
 * uplink can forward each change and republish them all when it (re)connects: the district broker
 * may have restarted without persistence, and must never keep stale state. Fed by wrapping the
 * embedded broker handed to the local publisher.
 */
export class RetainedStates {
  private readonly latest = new Map<string, string>();
  private readonly listeners: RetainedListener[] = [];
  private local: Broker | null = null;

  constructor(private readonly log: Logger) {}

  /**
   * A broker that behaves like `broker` and also records every retained publish. Give it to the
   * publisher; `set` then publishes on it too.
   */
  wrap(broker: Broker): Broker {
    this.local = broker;
    return {
      ...broker,
      publish: (topic, payload, opts) => {
        if (opts?.retain === true) this.remember(topic, payload);
        return broker.publish(topic, payload, opts);
      },
    };
  }

  /** Publish a retained payload from the gateway: recorded, forwarded, and published locally when wrapped. */
  set(topic: string, payload: unknown): void {
    this.remember(topic, payload);
    this.local?.publish(topic, payload, { retain: true, qos: 1 }).catch((err: unknown) => {
      this.log.error({ err, topic }, "retained publish failed");
    });
  }

  /**
   * Publish a retained payload for the site's clients only (names of people): neither kept here nor
   * forwarded, so the district never receives it.
   */
  setLocal(topic: string, payload: unknown): void {
    this.local?.publish(topic, payload, { retain: true, qos: 1 }).catch((err: unknown) => {
      this.log.error({ err, topic }, "retained publish failed");
    });
  }

  /** Register a listener for every later retained publication. */
  onChange(listener: RetainedListener): void {
    this.listeners.push(listener);
  }

  /** Every topic's latest payload, in first-published order. */
  entries(): [topic: string, json: string][] {
    return [...this.latest.entries()];
  }

  private remember(topic: string, payload: unknown): void {
    let json: string | undefined;
    try {
      json = JSON.stringify(payload);
    } catch {
      json = undefined;
    }
    // The broker refuses what cannot be serialised and reports it; there is nothing to mirror.
    if (json === undefined) return;
    this.latest.set(topic, json);
    for (const listener of this.listeners) {
      try {
        listener(topic, json);
      } catch (err) {
        this.log.error({ err, topic }, "retained listener failed");
      }
    }
  }
}
