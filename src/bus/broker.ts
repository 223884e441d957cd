import { once } from "node:events";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { Aedes, type Client } from "aedes";
import { GatewayError } from "../util/errors.js";
import type { Logger } from "../util/log.js";
import { topicMatches, type AclContext, type AnonymousAccess, type BusRole } from "./acl.js";
import { AddressedMessages } from "./addressed.js";
import { orderedGatewayPublish, type GatewayPublish } from "./gateway-publish.js";
import { authorizationHooks, RefusedPublish, type Peer } from "./broker-auth.js";
import { forwardRule } from "./forward.js";
import { guardSocket } from "./packet-guard.js";

/** A local MQTT user of the embedded broker. */
export interface BrokerUser {
  /** MQTT username. */
  username: string;
  /** Password, read from a secret file by the config loader (see `readSecretFile`). */
  password: string;
  /** What the user may do (see `acl.ts`). */
  role: BusRole;
}

/** Options of the embedded broker. */
export interface BrokerOptions {
  /** Address to bind; `127.0.0.1` keeps the broker local to the gateway. */
  host: string;
  /** TCP port; 0 picks a free one (see `Broker.port`). */
  port: number;
  /** Site prefix, `gatehouse/<site_id>`. */
  prefix: string;
  /** Accounts allowed to connect with a username and password. */
  users: readonly BrokerUser[];
  /** Clients without a username: refused, or let in with read-only access to the site topics. */
  anonymous: AnonymousAccess;
  /** Whether `P/sim/<device_id>` accepts publishes from sim and admin users. */
  simEnabled: boolean;
  /** Parent logger; the broker logs under `mod: "bus/broker"`. */
  log: Logger;
}

/** Who sent a message: a client of the embedded broker, or the district through the uplink. */
export type Identity = LocalIdentity | DistrictIdentity;

/** A client of the embedded broker: a local MQTT user, or anonymous (`username` and `role` null). */
export interface LocalIdentity {
  /** Where the message came from: a client of this embedded broker. */
  source: "local";
  /** MQTT username, null for an anonymous client. */
  username: string | null;
  /** Role of the user, null for an anonymous client. */
  role: BusRole | null;
  /** MQTT client identifier. */
  clientId: string;
}

/**
 * The district: a request published on the district broker and received by the uplink. The district
 * broker authenticated the publisher; the gateway knows only that it came through its uplink.
 */
export interface DistrictIdentity {
  source: "district";
  /** The district's own role, distinct from every local `BusRole`. */
  role: "district";
  /** The account the gateway uses on the district broker, null when it connects without one. */
  username: string | null;
  /** The gateway's client id on the district broker (for logs). */
  clientId: string;
}

/** The running embedded broker. */
export interface Broker {
  /** The bound port (useful with port 0). */
  readonly port: number;
  /**
   * Publish from the gateway itself (bypasses ACL). payload is JSON-serialised. Resolves when aedes has
   * accepted it. Every subscriber receives the gateway's messages in the order of these calls.
   */
  publish: GatewayPublish;
  /** Receive messages that clients published (already ACL-checked) on a topic filter, with the sender's identity. The handler gets the raw payload Buffer. */
  onMessage(filter: string, handler: (topic: string, payload: Buffer, from: Identity) => void): void;
  /** Number of connected clients. */
  clientCount(): number;
  /** Stop accepting, disconnect clients, close aedes. */
  close(): Promise<void>;
}

/**
 * Largest MQTT packet a client may send. MQTT 3.1.1 allows 256 MB (§2.2.3) and aedes has no limit of
 * its own, so without this a client could make the broker buffer that much on a Raspberry Pi. Twice the
 * router's request limit (256 KiB), so an oversize request still reaches the router and is answered
 * with `too_large` instead of a dropped connection.
 */
export const MAX_PACKET_BYTES = 512 * 1024;

/** A subscriber that stops reading must not stall event delivery to everyone else for aedes' default minute. */
const DRAIN_TIMEOUT_MS = 10_000;
/** A socket that never sends CONNECT holds a descriptor; 10 s is ample on a local network. */
const CONNECT_TIMEOUT_MS = 10_000;
type MessageHandler = (topic: string, payload: Buffer, from: Identity) => void;

/** Start the embedded broker. Throws GatewayError("BUS_LISTEN") when the address cannot be bound. */
export async function startBroker(opts: BrokerOptions): Promise<Broker> {
  const users = indexUsers(opts.users);
  const log = opts.log.child({ mod: "bus/broker" });
  const peers = new WeakMap<Client, Peer>();
  const owners = new Map<string, Client>();
  const ctx: AclContext = { prefix: opts.prefix, simEnabled: opts.simEnabled };
  const addressed = new AddressedMessages();
  const forward = forwardRule(ctx, addressed);
  const aedes = await Aedes.createBroker({
    drainTimeout: DRAIN_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    ...authorizationHooks({ users, anonymous: opts.anonymous, ctx, peers, owners, forward, log }),
  });
  const handlers: { filter: string; handler: MessageHandler }[] = [];
  aedes.on("publish", (packet, client) => {
    const peer = client === null ? undefined : peers.get(client);
    if (client === null || peer === undefined) return;
    const from: LocalIdentity = { source: "local", ...peer, clientId: client.id };
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    for (const { filter, handler } of handlers) {
      if (topicMatches(filter, packet.topic)) callSafely(handler, packet.topic, payload, from, log);
    }
  });
  aedes.on("clientDisconnect", (client) => {
    if (owners.get(client.id) === client) owners.delete(client.id);
  });
  aedes.on("clientError", (client, err) => {
    // A refused publish was logged where it was refused; aedes reports it again as it drops the client.
    if (err instanceof RefusedPublish) log.debug({ clientId: client.id, reason: err.message }, "mqtt client dropped");
    else log.warn({ clientId: client.id, reason: err.message }, "mqtt client error");
  });
  aedes.on("connectionError", (client, err) => log.debug({ err, clientId: client.id }, "mqtt connection error"));
  const { server, sockets } = createListener(aedes, log);
  const port = await listen(server, opts, aedes, log);
  log.info({ host: opts.host, port }, "mqtt broker listening");
  let closing: Promise<void> | undefined;
  return {
    port,
    publish: orderedGatewayPublish(aedes, opts.prefix, addressed),
    onMessage: (filter, handler) => void handlers.push({ filter, handler }),
    clientCount: () => aedes.connectedClients,
    close: () => (closing ??= shutdown(server, sockets, aedes, log)),
  };
}

/** Users by name; duplicate names or empty passwords are configuration errors. */
function indexUsers(list: readonly BrokerUser[]): ReadonlyMap<string, BrokerUser> {
  const users = new Map<string, BrokerUser>();
  for (const user of list) {
    if (users.has(user.username)) throw new GatewayError("CONFIG_INVALID", `mqtt user ${user.username} is defined twice`);
    if (user.username === "" || user.password === "") {
      throw new GatewayError("CONFIG_INVALID", `mqtt user "${user.username}" needs a name and a password`);
    }
    users.set(user.username, user);
  }
  return users;
}

/** Run a message handler; a throwing handler is logged and must not break aedes' delivery. */
function callSafely(handler: MessageHandler, topic: string, payload: Buffer, from: Identity, log: Logger): void {
  try {
    handler(topic, payload, from);
  } catch (err) {
    log.error({ err, topic, clientId: from.clientId }, "mqtt message handler failed");
  }
}

/** The TCP server feeding aedes, with the open sockets so that close can end half-open ones. */
function createListener(aedes: Aedes, log: Logger): { server: Server; sockets: Set<Socket> } {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    aedes.handle(socket);
    guardSocket(socket, MAX_PACKET_BYTES, ({ reason, length }) => {
      log.warn({ remote: socket.remoteAddress, reason, length, limit: MAX_PACKET_BYTES }, "mqtt packet refused, connection dropped");
    });
  });
  return { server, sockets };
}

/** Bind the server; on failure close aedes and throw GatewayError("BUS_LISTEN"). */
async function listen(server: Server, opts: BrokerOptions, aedes: Aedes, log: Logger): Promise<number> {
  try {
    server.listen(opts.port, opts.host);
    await once(server, "listening");
  } catch (err) {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    const inUse = (err as NodeJS.ErrnoException).code === "EADDRINUSE";
    // Installing the mosquitto package on Debian starts its own broker on 1883, the demo's port.
    const hint = inUse ? ": the port is taken, most likely by another MQTT broker (mosquitto?); stop it or set broker.port" : "";
    throw new GatewayError("BUS_LISTEN", `mqtt broker cannot listen on ${opts.host}:${opts.port}${hint}`, { cause: err });
  }
  server.on("error", (err) => log.error({ err }, "mqtt listener error"));
  return (server.address() as AddressInfo).port;
}

/** Stop accepting, close aedes (which disconnects its clients), end sockets that never connected. */
async function shutdown(server: Server, sockets: Set<Socket>, aedes: Aedes, log: Logger): Promise<void> {
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => aedes.close(() => resolve()));
  for (const socket of sockets) socket.destroy();
  await serverClosed;
  log.info("mqtt broker closed");
}
