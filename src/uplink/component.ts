import type { Database } from "better-sqlite3";
import type { RequestRouter } from "../bus/requests.js";
import type { SiteTopics } from "../bus/topics.js";
import type { RuntimeModel } from "../config/runtime-model.js";
import type { Logger } from "../log.js";
import type { Component } from "../runtime/lifecycle.js";
import type { Publisher } from "../runtime/publisher.js";
import type { TimerApi } from "../runtime/wake-timer.js";
import type { EventLog } from "../store/event-log.js";
import { recordEvents } from "../runtime/record-events.js";
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
  readonly events: () => EventLog | undefined;
  readonly publisher: () => Publisher | undefined;
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
      const events = deps.events();
      if (model === undefined || model === null || db === undefined || events === undefined) return;
      // The MQTT client is loaded only by a site that has an uplink.
      const { Uplink } = await import("./uplink.js");
      const publisher = deps.publisher();
      const eventLog = deps.log.child({ mod: "uplink/events" });
      uplink = new Uplink({
        model,
        topics: deps.topics,
        db,
        retained: deps.retained,
        status: { version: deps.version, startedAt: deps.startedAt, configHash: deps.model.configHash },
        router: deps.router() ?? null,
        record: (bodies) => {
          recordEvents({ events, publisher, log: eventLog }, bodies, deps.timers.now());
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
