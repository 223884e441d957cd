import type { Database } from "better-sqlite3";
import type { RequestRouter } from "../bus/requests.js";
import type { SiteTopics } from "../bus/topics.js";
import type { RuntimeModel } from "../config/runtime-model.js";
import type { EventBody } from "../core/events.js";
import type { Logger } from "../log.js";
import type { Component } from "../runtime/lifecycle.js";
import type { TimerApi } from "../runtime/wake-timer.js";
import type { UnwrittenEvents } from "./outbox.js";
import type { Uplink } from "./uplink.js";
import type { RetainedStates } from "./retained.js";

/** What the uplink component takes from the composition root; getters, as parts start one by one. */
export interface UplinkComponentDeps {
  /** The runtime model; the component does nothing when `model.uplink` is absent. */
  readonly model: RuntimeModel;
  readonly topics: SiteTopics;
  readonly retained: RetainedStates;
  readonly version: string;
  readonly startedAt: string;
  readonly db: () => Database | undefined;
  /** Events stamped but not stored yet (a full disk). */
  readonly unwritten: UnwrittenEvents;
  /** Record events (commands from the district, uplink reports) as the gateway records every event. */
  readonly record: (bodies: readonly EventBody[]) => void;
  readonly router: () => RequestRouter | undefined;
  readonly timers: TimerApi;
  readonly log: Logger;
}

/** The running uplink of a component; undefined before start or without an uplink section. */
export interface UplinkHandle {
  current(): Uplink | undefined;
  /**
   * Give to `RetainedStates.wrap` as the listener of the embedded broker's other publishes: an
   * `event/...` publish means new events are in the store, so the uplink delivers them at once.
   */
  readonly onLocalPublish: (topic: string) => void;
}

/**
 * The lifecycle component of the district uplink. Does nothing when the site has no `uplink`
 * section. Start it after the online status: it stops first, announcing offline to the district
 * before the local broker goes.
 */
export function uplinkComponent(deps: UplinkComponentDeps): Component & UplinkHandle {
  let uplink: Uplink | undefined;
  const eventPrefix = `${deps.topics.prefix}/event/`;
  return {
    name: "uplink",
    current: () => uplink,
    onLocalPublish: (topic) => {
      if (topic.startsWith(eventPrefix)) uplink?.notify();
    },
    start: async () => {
      const model = deps.model.uplink;
      const db = deps.db();
      if (model === undefined || model === null || db === undefined) return;
      // The MQTT client is loaded only by a site that has an uplink.
      const { Uplink } = await import("./uplink.js");
      uplink = new Uplink({
        model,
        topics: deps.topics,
        db,
        unwritten: deps.unwritten,
        retained: deps.retained,
        status: { version: deps.version, startedAt: deps.startedAt, configHash: deps.model.configHash },
        router: deps.router() ?? null,
        record: (bodies) => {
          deps.record(bodies);
          uplink?.notify();
        },
        timers: deps.timers,
        log: deps.log,
      });
      uplink.start();
    },
    stop: async () => {
      await uplink?.stop();
      uplink = undefined;
    },
  };
}
