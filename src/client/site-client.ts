import { randomUUID } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import type { Envelope } from "../bus/requests.js";
import { signCommand, type CommandSigner } from "../bus/signed-command.js";
import { siteTopics, type SiteTopics } from "../bus/topics.js";
import { EventPayload } from "../bus/event-payloads.js";

/** How to reach a gateway's broker. */
export interface SiteClientOptions {
  readonly url: string;
  readonly siteId: string;
  readonly username?: string;
  readonly password?: string;
  /** Sign every request as this district operator (for a gateway's district broker, see docs/uplink.md). */
  readonly signer?: CommandSigner;
  /** The clock that dates signed requests (ms since the epoch); default the system clock. */
  readonly now?: () => number;
}

type EventWaiter = { match: (e: EventPayload) => boolean; resolve: (e: EventPayload) => void };

/**
 * A small MQTT client of one site's API, for the demo, operators' scripts and tests: send requests and
 * wait for their responses, drive simulated devices, and wait for events.
 */
export class SiteClient {
  readonly topics: SiteTopics;
  /** Every event received since connect, in arrival order. */
  readonly events: EventPayload[] = [];
  private readonly waiters = new Set<EventWaiter>();
  private readonly pending = new Map<string, (e: Envelope) => void>();

  private constructor(
    readonly mqtt: MqttClient,
    siteId: string,
    private readonly signer: CommandSigner | undefined,
    private readonly now: () => number,
  ) {
    this.topics = siteTopics(siteId);
    mqtt.on("message", (topic, payload) => this.receive(topic, payload));
  }

  /** Connect, subscribe to events and responses, and resolve once subscribed. */
  static async connect(opts: SiteClientOptions): Promise<SiteClient> {
    const client = await mqtt.connectAsync(opts.url, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      clientId: `gatehouse-client-${randomUUID().slice(0, 8)}`,
      ...(opts.username === undefined ? {} : { username: opts.username, password: opts.password ?? "" }),
    });
    const site = new SiteClient(client, opts.siteId, opts.signer, opts.now ?? Date.now);
    await client.subscribeAsync([site.topics.events, `${site.topics.prefix}/response/+`], { qos: 1 });
    return site;
  }

  /** Send a request (signed when the client has a signer) and wait for the response with the same transaction. */
  async request(name: string, body: Record<string, unknown> = {}, timeoutMs = 5000): Promise<Envelope> {
    const transaction = randomUUID();
    const json = Buffer.from(JSON.stringify({ ...body, transaction }));
    const payload = this.signer === undefined ? json : signCommand(this.signer, this.topics.request(name), json, this.now());
    return this.publishRequest(name, payload, transaction, timeoutMs);
  }

  /** Publish a request payload as it is and wait for the response that carries `transaction`. */
  async publishRequest(name: string, payload: Buffer | string, transaction: string, timeoutMs = 5000): Promise<Envelope> {
    const answer = new Promise<Envelope>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new Error(`no response to request/${name} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(transaction, (e) => {
        clearTimeout(timer);
        resolve(e);
      });
    });
    await this.mqtt.publishAsync(this.topics.request(name), payload, { qos: 1 });
    return answer;
  }

  /** Publish to a simulated device. */
  async sim(device: string, payload: Record<string, unknown>): Promise<void> {
    await this.mqtt.publishAsync(this.topics.sim(device), JSON.stringify(payload), { qos: 1 });
  }

  /** Resolve with the first event (already received or to come) that matches. */
  waitForEvent(match: (e: EventPayload) => boolean, timeoutMs = 5000): Promise<EventPayload> {
    const seen = this.events.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: EventWaiter = { match, resolve: (e) => (clearTimeout(timer), resolve(e)) };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Disconnect. */
  async close(): Promise<void> {
    await this.mqtt.endAsync();
  }

  private receive(topic: string, payload: Buffer): void {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString("utf8"));
    } catch {
      return;
    }
    if (topic.startsWith(`${this.topics.prefix}/response/`)) {
      const envelope = json as Envelope;
      const done = typeof envelope.transaction === "string" ? this.pending.get(envelope.transaction) : undefined;
      if (done !== undefined) {
        this.pending.delete(envelope.transaction as string);
        done(envelope);
      }
      return;
    }
    const event = EventPayload.safeParse(json);
    if (!event.success) return;
    this.events.push(event.data);
    for (const w of this.waiters) {
      if (w.match(event.data)) {
        this.waiters.delete(w);
        w.resolve(event.data);
      }
    }
  }
}
