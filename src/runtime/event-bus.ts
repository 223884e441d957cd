import type { CueEffect } from "../core/effects.js";
import type { StoredEvent } from "../core/events.js";
import type { Logger } from "../util/log.js";

/** What the gateway tells the parts that follow it, by name, with what each listener receives. */
export interface GatewayNotices {
  /** Events stored (or held while the store cannot write), logged and published, in seq order. */
  readonly recorded: readonly StoredEvent[];
  /** A reader is to prompt its holder (present the PIN); nothing is recorded for it. */
  readonly cue: CueEffect;
}

type Listener<K extends keyof GatewayNotices> = (notice: GatewayNotices[K]) => void;

/**
 * A typed, synchronous notice bus: the recorder says what it recorded, and the district uplink (and
 * later alarms, reports and a console) listen, instead of watching the broker's topics. Each listener
 * is guarded: one that throws is logged and the others still hear the notice.
 */
export class EventBus {
  private readonly listeners: { [K in keyof GatewayNotices]: Listener<K>[] } = { recorded: [], cue: [] };

  constructor(private readonly log: Logger) {}

  /** Listen to `name` from now on; returns the call that stops listening. */
  on<K extends keyof GatewayNotices>(name: K, listener: Listener<K>): () => void {
    const list = this.listeners[name];
    list.push(listener);
    return () => {
      const at = list.indexOf(listener);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Tell every listener of `name`, in the order they registered. Never throws. */
  emit<K extends keyof GatewayNotices>(name: K, notice: GatewayNotices[K]): void {
    for (const listener of [...this.listeners[name]]) {
      try {
        listener(notice);
      } catch (err) {
        this.log.error({ err, notice: name }, "notice listener failed");
      }
    }
  }
}
