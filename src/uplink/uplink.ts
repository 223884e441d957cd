import type { Database } from "better-sqlite3";
import type { IConnackPacket, MqttClient } from "mqtt";
import type { RequestRouter } from "../bus/requests.js";
import { isPersonalTopic } from "../bus/desk-acl.js";
import type { SiteTopics, StatusPayload, UplinkStatePayload } from "../bus/topics.js";
import type { UplinkModel } from "../config/schema-uplink.js";
import type { EventBody } from "../core/events.js";
import type { Logger } from "../util/log.js";
import type { TimerApi } from "../time/timers.js";
import { CommandGuard } from "./command-guard.js";
import { DistrictCommands } from "./commands.js";
import { DistrictLink } from "./connection.js";
import { Outbox, type UnwrittenEvents } from "./outbox.js";
import { ReplayCache } from "./replay-cache.js";
import type { RetainedStates } from "./retained.js";
import { Sender } from "./sender.js";
import { UplinkReporter } from "./reporter.js";

/** What the uplink is built from. */
export interface UplinkDeps {
  /** The compiled `uplink` section. */
  readonly model: UplinkModel;
  /** Topic names of the site (the same on both brokers). */
  readonly topics: SiteTopics;
  /** The audit store: the outbox reads its `events` table and keeps its cursor there. */
  readonly db: Database;
  /** Events stamped but not stored yet (a full disk): their urgent ones are sent all the same. */
  readonly unwritten?: UnwrittenEvents;
  /** Latest retained payloads of the gateway, forwarded and republished on every connect. */
  readonly retained: RetainedStates;
  /** What the online status says on the district broker. */
  readonly status: { readonly version: string; readonly startedAt: string; readonly configHash: string };
  /** Runs district requests; null: the uplink takes no requests. */
  readonly router: RequestRouter | null;
  /** Record events (`command`, `uplink`) as the engine does: stored, published locally, then `notify`. */
  readonly record: (bodies: readonly EventBody[]) => void;
  /** Clock and timers for reconnects, polling, cursor writes and reports. */
  readonly timers: TimerApi;
  /** Parent logger; the uplink logs under `mod: "uplink"`. */
  readonly log: Logger;
  /** Uniform random in [0, 1) for reconnect jitter. */
  readonly random?: () => number;
}

/**
 * How often the outbox is polled when nobody calls `notify`: events appended by another connection
 * to the store are found within a second, at the cost of one indexed read.
 */
const POLL_MS = 1_000;
/** How long an acknowledged cursor may stay in memory: at most this much is resent after a crash. */
const FLUSH_MS = 200;

/**
 * The district uplink: a persistent MQTT session to the district broker that carries the audit log
 * (store-and-forward, in seq order, QoS 1), the retained states, the online status with a last will,
 * and district commands with their answers.
 */
export class Uplink {
  private readonly outbox: Outbox;
  private readonly link: DistrictLink;
  private readonly commands: DistrictCommands | null;
  private readonly reporter: UplinkReporter;
  private readonly log: Logger;
  private client: MqttClient | null = null;
  private sender: Sender | null = null;
  private pollTimer: unknown = null;
  private flushTimer: unknown = null;
  private pumpQueued = false;
  private running = false;

  constructor(private readonly deps: UplinkDeps) {
    this.log = deps.log.child({ mod: "uplink" });
    this.outbox = new Outbox(deps.db, "district", deps.unwritten);
    this.link = new DistrictLink(
      deps.model,
      { topic: deps.topics.status, payload: JSON.stringify(this.statusPayload("offline")) },
      { onUp: (c, connack) => this.up(c, connack), onDown: () => this.down(), onMessage: (t, p) => this.message(t, p) },
      deps.timers,
      this.log,
      deps.random,
    );
    const identity = { source: "district", role: "district", username: deps.model.username, clientId: deps.model.clientId } as const;
    this.commands =
      deps.router === null
        ? null
        : new DistrictCommands(deps.router, deps.topics, identity, this.guard(), (e) => deps.record([e]), this.log);
    this.reporter = new UplinkReporter({
      outbox: this.outbox,
      maxBacklogEvents: deps.model.maxBacklogEvents,
      connected: () => this.link.connected,
      publish: (state) => deps.retained.set(deps.topics.uplinkState, state),
      record: deps.record,
      timers: deps.timers,
      log: this.log,
    });
    deps.retained.onChange((topic, json) => this.forward(topic, json));
  }

  /** Connect and start delivering; reconnects on its own until `stop`. */
  start(): void {
    this.running = true;
    this.reporter.start();
    this.link.start();
    this.poll();
  }

  /** New events are in the store: deliver them now rather than at the next poll. */
  notify(): void {
    if (this.pumpQueued || this.sender === null) return;
    this.pumpQueued = true;
    // Deferred, so the engine's decision path never waits for a store read or a socket write.
    setImmediate(() => {
      this.pumpQueued = false;
      this.sender?.wake();
    });
  }

  /** Highest seq the district broker acknowledged, in order (cheap: no store read). */
  get ackedSeq(): number {
    return this.outbox.ackedSeq;
  }

  /** Whether the district broker is connected. */
  get connected(): boolean {
    return this.link.connected;
  }

  /** The current `state/uplink` figures (runs a count over the backlog). */
  state(): UplinkStatePayload {
    return this.reporter.state();
  }

  /** Publish offline on the district broker, disconnect cleanly, and write the cursor. */
  async stop(): Promise<void> {
    this.running = false;
    for (const t of [this.pollTimer, this.flushTimer]) if (t !== null) this.deps.timers.clearTimeout(t);
    this.pollTimer = this.flushTimer = null;
    this.reporter.stop();
    await this.link.stop(async (client) => {
      await client.publishAsync(this.deps.topics.status, JSON.stringify(this.statusPayload("offline")), { qos: 1, retain: true });
    });
    this.flush();
  }

  /** The guard of district commands, its replay cache read back from the store. */
  private guard(): CommandGuard {
    const { db, model, timers } = this.deps;
    return new CommandGuard(model.commands, new ReplayCache(db, this.log, timers.now()), () => timers.now());
  }

  private statusPayload(state: StatusPayload["state"]): StatusPayload {
    const { version, startedAt, configHash } = this.deps.status;
    return { state, version, started_at: startedAt, config_hash: configHash };
  }

  /** Connected: subscribe to requests, announce online, republish every retained state, then drain. */
  private up(client: MqttClient, connack: IConnackPacket): void {
    this.client = client;
    const log = this.log;
    const done = (what: string) => (err?: Error) => {
      if (err) log.warn({ err, what }, "uplink publish failed");
    };
    if (this.commands !== null) {
      client.subscribe(this.commands.filter, { qos: 1 }, (err) => err && log.warn({ err }, "uplink subscribe failed"));
    }
    const retain = { qos: 1, retain: true } as const;
    client.publish(this.deps.topics.status, JSON.stringify(this.statusPayload("online")), retain, done("status"));
    for (const [topic, json] of this.deps.retained.entries()) {
      if (topic !== this.deps.topics.status && !isPersonalTopic(topic, this.deps.topics.prefix)) client.publish(topic, json, retain, done(topic));
    }
    // MQTT 5 §3.3.4: never more unacknowledged QoS 1 publishes than the broker's Receive Maximum.
    const window = Math.min(this.deps.model.window, connack.properties?.receiveMaximum ?? Number.POSITIVE_INFINITY);
    const topics = this.deps.topics;
    this.sender = new Sender(
      this.outbox,
      (row, cb) => client.publish(topics.event(row.type), row.body, { qos: 1 }, (err) => cb(err ?? undefined)),
      window,
      () => this.armFlush(),
      log,
    );
    this.sender.pump();
    this.reporter.changed();
  }

  private down(): void {
    this.sender?.close();
    this.sender = null;
    this.client = null;
    this.flush();
    this.reporter.changed();
  }

  private message(topic: string, payload: Buffer): void {
    const client = this.client;
    if (client !== null && this.commands?.matches(topic) === true) void this.commands.handle(client, topic, payload);
  }

  /** A retained state changed locally: forward it while connected (the status topic is the uplink's own). */
  private forward(topic: string, json: string): void {
    // Visitors' names and a held visitor's matches stay at the school (the district gets the events).
    if (this.client === null || topic === this.deps.topics.status || isPersonalTopic(topic, this.deps.topics.prefix)) return;
    this.client.publish(topic, json, { qos: 1, retain: true }, (err) => {
      if (err) this.log.debug({ err, topic }, "retained state not forwarded");
    });
  }

  private poll(): void {
    if (!this.running) return;
    this.sender?.wake();
    this.pollTimer = this.deps.timers.setTimeout(() => this.poll(), POLL_MS);
  }

  private armFlush(): void {
    if (this.flushTimer !== null || !this.running) return;
    this.flushTimer = this.deps.timers.setTimeout(() => {
      this.flushTimer = null;
      this.flush();
      if (this.sender?.idle === true) this.reporter.drained();
    }, FLUSH_MS);
  }

  private flush(): void {
    try {
      this.outbox.flush(this.deps.timers.now());
    } catch (err) {
      this.log.error({ err }, "uplink cursor not stored");
    }
  }
}
