import type { Aedes, AedesPublishPacket } from "aedes";
import { GatewayError } from "../util/errors.js";
import { isSiteTopic } from "./acl.js";
import type { AddressedMessages } from "./addressed.js";

/** How the gateway publishes one message. */
export interface GatewayPublishOptions {
  /** Keep it as the topic's retained state (`status`, `state/...`). */
  retain?: boolean;
  /** MQTT QoS of the publish; each subscriber gets at most its subscription's QoS. */
  qos?: 0 | 1;
  /** Client id of the only client that receives it (a response to that client's request). */
  to?: string;
}

/** Publish one gateway message (JSON-serialised); resolves when aedes has accepted it. */
export type GatewayPublish = (topic: string, payload: unknown, opts?: GatewayPublishOptions) => Promise<void>;

/** A gateway message waiting for the one before it to reach the subscribers. */
interface Queued {
  packet: AedesPublishPacket;
  settle: (err?: Error) => void;
}

/**
 * The one path of every gateway publish, which hands messages to aedes' subscribers in the order the
 * gateway produced them.
 *
 * aedes numbers each message when `publish` is called and drops, per client, any message numbered
 * lower than one already delivered to it (its `dedupe`, meant for copies arriving twice in a cluster).
 * A retained message is stored asynchronously before delivery, so an event published right after it
 * used to be delivered first, and the state change was then lost for every client whose filters
 * match both (`#`, `gatehouse/#`, `state/#` with `event/#`). Client requests and aedes' own `$SYS`
 * messages draw from the same numbers and could overtake the gateway's the same way.
 *
 * So the gateway's messages carry a stream id and numbers of their own (as a second broker of a
 * cluster would), which nothing else advances, and a message goes to aedes only once the one before
 * it has been handed to the subscribers. That moment is seen by a listener on the site's topics, not
 * by waiting for the publish callback, which also waits for every client's socket to drain: a stalled
 * viewer must not hold back the next panic. aedes' steps before delivery are promise-based, so a
 * queued message follows within the same turn of the event loop; an idle queue publishes at once.
 */
export function orderedGatewayPublish(aedes: Aedes, prefix: string, addressed: AddressedMessages): GatewayPublish {
  const queue = new PublishQueue(aedes, addressed);
  aedes.subscribe(`${prefix}/#`, (packet, done) => queue.delivered(packet, done), () => undefined);
  return (topic, payload, opts = {}) => {
    if (!isSiteTopic(topic, prefix)) return refuse(`topic ${topic} is not a concrete topic under ${prefix}`);
    if (aedes.closed) return refuse(`mqtt broker is closed, cannot publish on ${topic}`);
    let body: Buffer;
    try {
      body = serialise(topic, payload);
    } catch (err) {
      return Promise.reject(err);
    }
    return queue.publish(topic, body, opts);
  };
}

/** The gateway's messages, numbered in order and handed to aedes one delivery at a time. */
class PublishQueue {
  private readonly waiting: Queued[] = [];
  private counter = 0;
  /** Number of the message handed to aedes and not yet delivered, null when none. */
  private inFlight: number | null = null;

  private readonly stream: string;

  constructor(
    private readonly aedes: Aedes,
    /** The gateway's stream, and the recipients of its messages meant for one client. */
    private readonly addressed: AddressedMessages,
  ) {
    this.stream = addressed.stream;
  }

  /** Number a message now, in production order, and send it once the ones before it are delivered. */
  publish(topic: string, payload: Buffer, opts: GatewayPublishOptions): Promise<void> {
    const packet: AedesPublishPacket = {
      cmd: "publish",
      topic,
      payload,
      qos: opts.qos ?? 0,
      retain: opts.retain ?? false,
      dup: false,
      brokerId: this.stream,
      brokerCounter: ++this.counter,
    };
    if (opts.to !== undefined) this.addressed.address(packet.brokerCounter, opts.to);
    return new Promise<void>((resolve, reject) => {
      const settle = (err?: Error): void => {
        if (err) reject(new GatewayError("BUS_PAYLOAD", `mqtt publish on ${topic} failed`, { cause: err }));
        else resolve();
      };
      this.waiting.push({ packet, settle });
      this.sendNext();
    });
  }

  /** aedes' listener on the site's topics: a gateway message is being handed to the subscribers. */
  delivered(packet: AedesPublishPacket, done: () => void): void {
    if (packet.brokerId === this.stream) this.release(packet.brokerCounter);
    done();
  }

  private release(number: number): void {
    if (this.inFlight !== number) return;
    this.inFlight = null;
    // Not at once: `delivered` runs inside aedes' synchronous loop over the subscribers, and a message
    // sent from there could reach the remaining ones before this one.
    if (this.waiting.length > 0) queueMicrotask(() => this.sendNext());
  }

  private sendNext(): void {
    if (this.inFlight !== null) return;
    const next = this.waiting.shift();
    if (next === undefined) return;
    const number = next.packet.brokerCounter;
    this.inFlight = number;
    this.aedes.publish(next.packet, (err) => {
      // Normally released by `delivered` long before; this covers a message that failed before
      // delivery (a broker closed meanwhile), so that the queue never stalls behind it.
      this.release(number);
      this.addressed.done(number);
      next.settle(err);
    });
  }
}

/** A refused publish, as the rejected promise callers handle. */
function refuse(message: string): Promise<never> {
  return Promise.reject(new GatewayError("BUS_PAYLOAD", message));
}

/** A payload already serialised to JSON (by the thread that published it), published as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** JSON text of a payload; undefined and unserialisable values (BigInt, cycles) are refused. */
export function serialiseText(topic: string, payload: unknown): string {
  if (payload instanceof JsonText) return payload.text;
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch (err) {
    throw new GatewayError("BUS_PAYLOAD", `payload for ${topic} is not serialisable`, { cause: err });
  }
  if (text === undefined) throw new GatewayError("BUS_PAYLOAD", `payload for ${topic} is not serialisable`);
  return text;
}

/** JSON bytes of a payload (see serialiseText). */
function serialise(topic: string, payload: unknown): Buffer {
  return Buffer.from(serialiseText(topic, payload), "utf8");
}
