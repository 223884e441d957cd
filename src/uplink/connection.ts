import type { Socket } from "node:net";
import mqtt, { type IClientOptions, type IConnackPacket, type MqttClient } from "mqtt";
import type { UplinkModel } from "../config/schema-uplink.js";
import type { Logger } from "../util/log.js";
import type { TimerApi } from "../time/timers.js";
import { backoffDelay, type BackoffPolicy } from "../util/backoff.js";
import { Reconnector, type ReconnectState } from "../util/reconnect.js";

/** What the link tells its owner. */
export interface LinkHandlers {
  /** A connection is up (CONNACK accepted). `client` is valid until `onDown`. */
  onUp(client: MqttClient, connack: IConnackPacket): void;
  /** The connection that was up is gone. */
  onDown(): void;
  /** A message arrived on the current connection. */
  onMessage(topic: string, payload: Buffer): void;
}

/** The last will the broker publishes if the gateway vanishes. */
export interface LinkWill {
  readonly topic: string;
  readonly payload: string;
}

/**
 * How long a TCP + TLS + CONNECT exchange may take. 10 s outlasts a slow cellular link, and a
 * half-open attempt then counts as failed and backs off like a refused one.
 */
const CONNECT_TIMEOUT_MS = 10_000;

/** How long a clean close may wait for the broker; a stop must not hang on a dead link. */
const CLOSE_TIMEOUT_MS = 2_000;

/**
 * "Equal jitter": a reconnect waits between half its ceiling and the ceiling. Hundreds of gateways
 * that lost the district broker at the same moment thus spread their retries instead of reconnecting
 * in lockstep, while none retries sooner than half its ceiling.
 */
const EQUAL_JITTER = 0.5;

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry after a loss): the shared backoff
 * with the uplink's bounds and equal jitter.
 *
 * @param random a uniform number in [0, 1): how far the delay lands above half the ceiling (0: at
 *   half); injected so tests can pin it.
 */
export function reconnectDelay(attempt: number, reconnect: UplinkModel["reconnect"], random: () => number = Math.random): number {
  const retry = uplinkRetry(reconnect, random);
  return backoffDelay(attempt, retry.backoff, retry.random);
}

/**
 * The uplink's backoff: the configured bounds with equal jitter. The shared backoff takes its draw
 * off the ceiling, so the draw is turned around to land above half of it.
 */
function uplinkRetry(reconnect: UplinkModel["reconnect"], random: () => number): { backoff: BackoffPolicy; random: () => number } {
  return { backoff: { ...reconnect, jitter: EQUAL_JITTER }, random: () => 1 - random() };
}

/**
 * One MQTT.js connection at a time to the district broker, with reconnects driven here: MQTT.js's own
 * `reconnectPeriod` is a fixed delay, which would have a whole district's gateways retry in lockstep
 * after a broker restart. Each attempt is a fresh client with the same client id and `clean: false`,
 * so the broker keeps the session (subscriptions, queued requests) while MQTT.js keeps nothing that
 * the outbox does not already hold durably.
 */
export class DistrictLink {
  private readonly link: Reconnector;
  private client: MqttClient | null = null;

  constructor(
    private readonly model: UplinkModel,
    private readonly will: LinkWill,
    private readonly handlers: LinkHandlers,
    timers: TimerApi,
    private readonly log: Logger,
    random: () => number = Math.random,
  ) {
    this.link = new Reconnector({ timers, ...uplinkRetry(model.reconnect, random) });
  }

  /** Whether a connection is up. */
  get connected(): boolean {
    return this.link.state === "open";
  }

  /** Where the link is (the shared reconnect states). */
  get state(): ReconnectState {
    return this.link.state;
  }

  /** Start connecting (and keep reconnecting until `stop`). */
  start(): void {
    if (this.link.start()) this.connect();
  }

  /**
   * Stop reconnecting and close the connection: `beforeClose` runs first while it is still up (to
   * publish a last message), then a DISCONNECT is sent, so the broker does not publish the will.
   */
  async stop(beforeClose?: (client: MqttClient) => Promise<void>): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client === null || this.link.state !== "open") {
      this.link.stop();
      client?.end(true);
      return;
    }
    // Still up (connected) while the last message goes out; its client is no longer current, so no
    // event of it starts a reconnect.
    await this.closeGracefully(client, beforeClose);
    this.link.stop();
    this.handlers.onDown();
  }

  /**
   * Run `beforeClose`, then send DISCONNECT; if both take longer than CLOSE_TIMEOUT_MS (a dead link),
   * force the socket closed: a stop must not hang.
   */
  private async closeGracefully(client: MqttClient, beforeClose?: (client: MqttClient) => Promise<void>): Promise<void> {
    // A wall-clock guard, not behaviour: it must fire even when a test drives the gateway on manual time.
    let timer: NodeJS.Timeout | undefined;
    const forced = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
    });
    const graceful = (async () => {
      try {
        await beforeClose?.(client);
      } catch (err) {
        this.log.warn({ err }, "last uplink message not sent");
      }
      await client.endAsync(false);
    })().catch((err: unknown) => this.log.debug({ err }, "uplink close failed"));
    await Promise.race([graceful, forced]);
    clearTimeout(timer);
    client.end(true);
  }

  private options(): IClientOptions {
    const m = this.model;
    return {
      protocolVersion: m.protocolVersion,
      clientId: m.clientId,
      clean: false,
      keepalive: m.keepaliveS,
      reconnectPeriod: 0,
      connectTimeout: CONNECT_TIMEOUT_MS,
      will: { topic: this.will.topic, payload: Buffer.from(this.will.payload), qos: 1, retain: true },
      ...(m.protocolVersion === 5 ? { properties: { sessionExpiryInterval: m.sessionExpiryS } } : {}),
      ...(m.username === null ? {} : { username: m.username }),
      ...(m.password === null ? {} : { password: m.password }),
      ...(m.tls === null ? {} : tlsOptions(m.tls)),
    };
  }

  private connect(): void {
    const client = mqtt.connect(this.model.url, this.options());
    // Each event is a small packet: with Nagle's algorithm a panic published behind an unacknowledged
    // packet would wait for the broker's delayed ACK (40 ms on Linux).
    (client.stream as Partial<Pick<Socket, "setNoDelay">> | undefined)?.setNoDelay?.(true);
    this.client = client;
    let ended = false;
    let failure: Error | null = null;
    client.on("connect", (connack) => {
      if (this.client !== client) return;
      this.link.opened();
      this.log.info({ url: this.model.url, sessionPresent: connack.sessionPresent }, "uplink connected");
      this.handlers.onUp(client, connack);
    });
    client.on("message", (topic, payload) => {
      if (this.client === client) this.handlers.onMessage(topic, payload);
    });
    client.on("error", (err) => void (failure = err));
    client.on("close", () => {
      if (ended || this.client !== client) return;
      ended = true;
      this.lost(client, failure);
    });
  }

  /**
   * The current client closed: tell the owner, discard the client, schedule the next attempt. The
   * first failure is a warning; the retries of a long outage are debug lines, not a flood.
   */
  private lost(client: MqttClient, err: Error | null): void {
    const wasUp = this.link.state === "open";
    this.link.down();
    this.client = null;
    client.end(true);
    if (wasUp) this.handlers.onDown();
    const delay = this.link.retry(() => this.connect());
    if (delay === null) return;
    const fields = { err, url: this.model.url, delayMs: delay, attempt: this.link.attempt, wasUp };
    if (this.link.attempt === 1) this.log.warn(fields, "uplink down, reconnecting");
    else this.log.debug(fields, "uplink reconnect scheduled");
  }
}

/** MQTT.js TLS options from the compiled PEM contents; server certificates are always verified. */
function tlsOptions(tls: NonNullable<UplinkModel["tls"]>): IClientOptions {
  return {
    rejectUnauthorized: true,
    ...(tls.ca === null ? {} : { ca: tls.ca }),
    ...(tls.cert === null ? {} : { cert: tls.cert }),
    ...(tls.key === null ? {} : { key: tls.key }),
  };
}
