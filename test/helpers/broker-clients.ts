import { connectAsync, type IClientOptions, type MqttClient } from "mqtt";
import { vi, expect } from "vitest";
import { startBroker, type Broker, type BrokerOptions, type BrokerUser, type Identity } from "../../src/bus/broker.js";
import type { Envelope } from "../../src/bus/requests.js";
import type { Cleanups } from "./cleanups.js";

/** A message a client received. */
export type Received = { topic: string; text: string; retain: boolean };

/** Start an embedded broker with `opts`, closed after the test. */
export async function startTestBroker(cleanups: Cleanups, opts: BrokerOptions): Promise<Broker> {
  const started = await startBroker(opts);
  cleanups.push(() => started.close());
  return started;
}

/**
 * Connects real MQTT.js clients to a test broker as the given users (password from `users` unless
 * given), or anonymously when username is undefined; each client id is `<username|anon>-<n>`, n
 * counting the clients since `reset`. Clients are ended after the test.
 */
export function clientFactory(cleanups: Cleanups, users: readonly BrokerUser[]) {
  let connected = 0;
  return {
    reset(): void {
      connected = 0;
    },
    async connect(b: Broker, username?: string, extra: IClientOptions = {}): Promise<MqttClient> {
      const password = users.find((u) => u.username === username)?.password;
      const client = await connectAsync(`mqtt://127.0.0.1:${b.port}`, {
        protocolVersion: 4,
        reconnectPeriod: 0,
        clientId: `${username ?? "anon"}-${connected}`,
        ...(username === undefined ? {} : { username, password }),
        ...extra,
      });
      // a connection the broker drops may surface as a socket error; the tests look at `close` instead
      client.on("error", () => undefined);
      connected++;
      cleanups.push(() => client.endAsync(true));
      return client;
    },
  };
}

let logins = 0;

/** A real MQTT client logged in as `username` with `password`, with a client id of its own; ended after the test. */
export async function loginAs(cleanups: Cleanups, b: Broker, username: string, password: string): Promise<MqttClient> {
  const client = await connectAsync(`mqtt://127.0.0.1:${b.port}`, { protocolVersion: 4, reconnectPeriod: 0, clientId: `${username}-login-${logins++}`, username, password });
  client.on("error", () => undefined);
  cleanups.push(() => client.endAsync(true));
  return client;
}

/** Resolves on `close`; unlike `events.once` it does not reject when an `error` (ECONNRESET) comes first. */
export function closed(emitter: { once(event: "close", listener: () => void): unknown }): Promise<void> {
  return new Promise((resolve) => emitter.once("close", () => resolve()));
}

/** Publish a topic the client may not use and wait until the broker closes the connection (§3.3.5). */
export async function publishRefused(client: MqttClient, topic: string, payload: string | Buffer = "{}"): Promise<void> {
  const gone = closed(client);
  client.publish(topic, payload);
  await gone;
}

/** Every message `client` receives from now on. */
export function inbox(client: MqttClient): Received[] {
  const list: Received[] = [];
  client.on("message", (topic, payload, packet) => list.push({ topic, text: payload.toString(), retain: packet.retain }));
  return list;
}

/** Every message clients publish on `filter` that reaches the gateway, with its sender. */
export function recordMessages(b: Broker, filter: string): { topic: string; text: string; from: Identity }[] {
  const list: { topic: string; text: string; from: Identity }[] = [];
  b.onMessage(filter, (topic, payload, from) => list.push({ topic, text: payload.toString(), from }));
  return list;
}

/** Publish a gateway marker on `<prefix>/status` and wait until `list` holds it: everything published before it has been routed. */
export async function flush(b: Broker, list: Received[], prefix: string): Promise<void> {
  const marker = `${prefix}/status`;
  await b.publish(marker, { marker: true });
  await vi.waitFor(() => expect(list.some((m) => m.topic === marker)).toBe(true));
}

/** The envelope of the next message `client` receives: subscribe it to its responses only. */
export function nextResponse(client: MqttClient): Promise<Envelope> {
  return new Promise((resolve) => client.once("message", (_topic, payload) => resolve(JSON.parse(payload.toString()) as Envelope)));
}
