import { connectAsync, type ISubscriptionMap, type MqttClient } from "mqtt";
import { describe, expect, it, vi } from "vitest";
import { startBroker, type Broker } from "../../src/bus/broker.js";
import { silentLogger } from "../../src/util/log.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { seededRandom } from "../helpers/seeded-random.js";

const PREFIX = "gatehouse/test-site";
/** Enough messages that every interleaving of retained and plain publishes occurs many times over. */
const MESSAGES = 4000;
/** Published without awaiting, as the runtime's publisher does, then awaited before the next window. */
const WINDOW = 250;
/** Door states the mix spreads over: few enough that each door's state changes many times. */
const DOORS = 12;
const EVENT_TYPES = ["access", "door", "mode", "panic"] as const;

/** One gateway message: where, what, and how it was published. */
interface Sent {
  topic: string;
  seq: number;
  retain: boolean;
  qos: 0 | 1;
}

/** The filter sets of the watching clients: wildcards, overlapping filters, several filters, QoS 0 and 1. */
const WATCHERS: Record<string, ISubscriptionMap> = {
  "#": { "#": { qos: 0 } },
  "gatehouse/#": { "gatehouse/#": { qos: 1 } },
  "site/#": { [`${PREFIX}/#`]: { qos: 1 } },
  "state/# + event/#": { [`${PREFIX}/state/#`]: { qos: 1 }, [`${PREFIX}/event/#`]: { qos: 1 } },
  "overlapping": { "#": { qos: 1 }, [`${PREFIX}/#`]: { qos: 1 }, [`${PREFIX}/state/door/+`]: { qos: 1 } },
  "overlapping QoS 0": { "gatehouse/#": { qos: 0 }, [`${PREFIX}/event/+`]: { qos: 0 }, [`${PREFIX}/state/#`]: { qos: 0 } },
};


/** A mix of retained state changes and events, in the order the gateway produces them. */
function mix(seed: number): Sent[] {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const sent: Sent[] = [];
  for (let seq = 1; seq <= MESSAGES; seq++) {
    const roll = next();
    const qos = next() < 0.2 ? 0 : 1;
    if (roll < 0.4) sent.push({ topic: `${PREFIX}/state/door/d${Math.floor(next() * DOORS)}`, seq, retain: true, qos });
    else if (roll < 0.55) sent.push({ topic: `${PREFIX}/state/site`, seq, retain: true, qos });
    else sent.push({ topic: `${PREFIX}/event/${pick(EVENT_TYPES)}`, seq, retain: false, qos });
  }
  return sent;
}

/** Publish through the gateway's path: each window fired without awaiting, as the publisher does. */
async function publishAll(broker: Broker, sent: readonly Sent[]): Promise<void> {
  for (let i = 0; i < sent.length; i += WINDOW) {
    const window = sent.slice(i, i + WINDOW);
    await Promise.all(window.map((m) => broker.publish(m.topic, { seq: m.seq }, { retain: m.retain, qos: m.qos })));
  }
}

/** The last payload of every retained topic, as `topic → seq`. */
function lastOfEach(list: readonly Pick<Sent, "topic" | "seq">[]): Record<string, number> {
  const last: Record<string, number> = {};
  for (const m of list) if (m.topic.includes("/state/")) last[m.topic] = m.seq;
  return last;
}

/** A short account of what a watcher got: how many, the first missing ones, where the order first breaks. */
function delivery(name: string, live: readonly Pick<Sent, "seq">[]): object {
  const got = new Set(live.map((m) => m.seq));
  const missing = Array.from({ length: MESSAGES + 1 }, (_, i) => i + 1).filter((seq) => !got.has(seq));
  const misordered = live.findIndex((m, i) => i > 0 && m.seq < (live[i - 1]?.seq ?? 0));
  return { name, received: live.length, firstMissing: missing.slice(0, 5), misordered };
}

describe("gateway publishes reach every subscriber, in order", () => {
  const cleanups = cleanupsAfterEach();

  async function watcher(broker: Broker, filters: ISubscriptionMap): Promise<{ client: MqttClient; live: Pick<Sent, "topic" | "seq">[] }> {
    const client = await connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 4, reconnectPeriod: 0 });
    cleanups.push(() => client.endAsync(true));
    const live: Pick<Sent, "topic" | "seq">[] = [];
    client.on("message", (topic, payload, packet) => {
      // Retained copies sent at subscribe time are the broker's view, not a live change.
      if (!packet.retain) live.push({ topic, seq: (JSON.parse(payload.toString()) as { seq: number }).seq });
    });
    await client.subscribeAsync(filters);
    return { client, live };
  }

  /** What a client subscribing now receives as retained state. */
  async function retainedView(broker: Broker): Promise<Record<string, number>> {
    const client = await connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 4, reconnectPeriod: 0 });
    cleanups.push(() => client.endAsync(true));
    const view: Record<string, number> = {};
    client.on("message", (topic, payload) => (view[topic] = (JSON.parse(payload.toString()) as { seq: number }).seq));
    await client.subscribeAsync(`${PREFIX}/state/#`, { qos: 1 });
    await vi.waitFor(() => expect(Object.keys(view).length).toBe(DOORS + 1), { timeout: 10_000 });
    return view;
  }

  it.each([1, 2])("no subscriber loses a state change that an event overtook (seed %i)", async (seed) => {
    const broker = await startBroker({ host: "127.0.0.1", port: 0, prefix: PREFIX, users: [], anonymous: "viewer", simEnabled: false, log: silentLogger() });
    cleanups.push(() => broker.close());
    const watchers = await Promise.all(Object.entries(WATCHERS).map(async ([name, filters]) => ({ name, ...(await watcher(broker, filters)) })));
    const sent = mix(seed);
    await publishAll(broker, sent);
    // A last event after every publish has been accepted: once a watcher has it, nothing is in flight.
    const marker: Sent = { topic: `${PREFIX}/event/marker`, seq: MESSAGES + 1, retain: false, qos: 1 };
    await publishAll(broker, [marker]);
    const expected = [...sent, marker].map(({ topic, seq }) => ({ topic, seq }));
    await vi.waitFor(() => {
      for (const w of watchers) expect(w.live.at(-1), w.name).toEqual({ topic: marker.topic, seq: marker.seq });
    }, { timeout: 10_000 });
    for (const w of watchers) expect(delivery(w.name, w.live)).toEqual(delivery(w.name, expected));
    for (const w of watchers) expect(w.live).toEqual(expected);
    const view = await retainedView(broker);
    expect(view).toEqual(lastOfEach(expected));
    for (const w of watchers) expect({ name: w.name, last: lastOfEach(w.live) }).toEqual({ name: w.name, last: view });
  });
});
