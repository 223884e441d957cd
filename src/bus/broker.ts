import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { Aedes, type Client } from "aedes";
import type { Logger } from "../util/log.js";
import { topicMatches, type AclContext, type AnonymousAccess, type BusRole } from "./acl.js";
import type { DistrictOperator } from "./district-roles.js";
import { orderedGatewayPublish, type GatewayPublish } from "./gateway-publish.js";
import { authorizationHooks, RefusedPublish, toBuffer, type Peer } from "./broker-auth.js";
import { openListener, type Listener, type ListenerSpec, type TlsListenerOptions, type WebSocketListenerOptions } from "./listeners.js";
import { AddressedMessages } from "./addressed.js";
import { forwardRule } from "./forward.js";
import { guardSocket } from "./packet-guard.js";
import { clientAddress, guardHooks, PublishFlood } from "./abuse-guard.js";
import { ConnectionGate } from "./connection-gate.js";
import { DEFAULT_BROKER_LIMITS, type BrokerLimits } from "./limits.js";
import { replaceUsers, userTable } from "./broker-users.js";
import type { PasswordCheck } from "./password-check.js";
import { limitedLog, type LimitedLog } from "../util/log-limiter.js";

/**
 * A local MQTT user of the embedded broker, with the hash of its password as mosquitto's password file
 * holds it (`$7$…` or `$6$…`, see password-hash.ts), or, for the demo only, the password itself; one
 * of the two is required.
 */
export interface BrokerUser {
  /** MQTT username. */
  username: string;
  /** What the user may do (see `acl.ts`). */
  role: BusRole;
  /** The password's hash, as a line of a mosquitto password file holds it after the `user:`. */
  passwordHash?: string;
  /** The password itself (demo only); ignored when there is a hash. */
  password?: string;
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
  /** An MQTT-over-TLS listener besides the plain one; absent or null for none. */
  tls?: TlsListenerOptions | null;
  /** An MQTT-over-WebSocket listener besides the plain one; absent or null for none. */
  websocket?: WebSocketListenerOptions | null;
  /** Whether `P/sim/<device_id>` accepts publishes from sim and admin users. */
  simEnabled: boolean;
  /** What one client, one address and all clients may do; default `DEFAULT_BROKER_LIMITS`. */
  limits?: BrokerLimits;
  /** Parent logger; the broker logs under `mod: "bus/broker"`. */
  log: Logger;
  /** Told the number of connected clients each time it changes. */
  onClients?: (count: number) => void;
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
  /** Who signed the command; absent for an unsigned one (allowed only where signatures are not required). */
  operator?: DistrictOperator;
}

/** A user vouched for by whoever hands a connection over (see `Broker.attach`). */
export interface VouchedUser {
  readonly username: string;
  readonly role: BusRole;
}

/** The running embedded broker. */
export interface Broker {
  /** The bound port of the plain listener (useful with port 0). */
  readonly port: number;
  /** The bound port of the TLS listener, null without one. */
  readonly tlsPort: number | null;
  /** The bound port of the WebSocket listener, null without one. */
  readonly webSocketPort: number | null;
  /**
   * Publish from the gateway itself (bypasses ACL). payload is JSON-serialised. Resolves when aedes has
   * accepted it. Every subscriber receives the gateway's messages in the order of these calls.
   */
  publish: GatewayPublish;
  /** Receive messages that clients published (already ACL-checked) on a topic filter, with the sender's identity. The handler gets the raw payload Buffer. */
  onMessage(filter: string, handler: (topic: string, payload: Buffer, from: Identity) => void): void;
  /**
   * Be told of messages on a topic filter that the ACL refused (the sender's connection is closed):
   * who sent them and their raw payload, to audit the attempt. Nothing of them is forwarded.
   */
  onRefused(filter: string, handler: (topic: string, payload: Buffer, from: Identity) => void): void;
  /**
   * Hand over a connection whose user was authenticated elsewhere (a console session): its CONNECT
   * is admitted as `user` without a password, and refused if it names another user. Caps, limits and
   * the ACL apply as to any client.
   */
  attach(stream: Duplex, request: IncomingMessage, user: VouchedUser): void;
  /** Number of connected clients. */
  clientCount(): number;
  /**
   * Replace the accounts (a reloaded password file): throws GatewayError("CONFIG_INVALID") and keeps
   * the old ones for an invalid list; else ends the sessions of the users removed or whose role or
   * password changed, and returns their names.
   */
  setUsers(users: readonly BrokerUser[]): string[];
  /** The accounts as they are now (a reload replaces them in place): each user's role and the password check. */
  readonly accounts: { readonly roles: ReadonlyMap<string, BusRole>; readonly passwords: PasswordCheck };
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
  const table = userTable(opts.users);
  const { users, passwords } = table;
  const limits = opts.limits ?? DEFAULT_BROKER_LIMITS;
  const log = opts.log.child({ mod: "bus/broker" });
  const abuse = limitedLog(log, limits.logIntervalMs);
  const peers = new WeakMap<Client, Peer>();
  const owners = new Map<string, Client>();
  const ctx: AclContext = { prefix: opts.prefix, simEnabled: opts.simEnabled };
  const addressed = new AddressedMessages();
  const forward = forwardRule(ctx, addressed);
  const vouched = new WeakMap<object, VouchedUser>();
  const handlers: { filter: string; handler: MessageHandler }[] = [];
  const refusedHandlers: { filter: string; handler: MessageHandler }[] = [];
  const refused = (topic: string, payload: Buffer, from: Identity): void => deliver(refusedHandlers, topic, payload, from, log);
  const hooks = authorizationHooks({ users, passwords, anonymous: opts.anonymous, ctx, peers, owners, forward, log, abuse, refused, vouched });
  const aedes = await Aedes.createBroker({
    drainTimeout: DRAIN_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    ...guardHooks(hooks, limits, passwords, abuse, (client) => vouched.has(client.conn)),
  });
  aedes.on("publish", (packet, client) => {
    const peer = client === null ? undefined : peers.get(client);
    if (client === null || peer === undefined) return;
    const from: LocalIdentity = { source: "local", ...peer, clientId: client.id };
    deliver(handlers, packet.topic, toBuffer(packet.payload), from, log);
  });
  aedes.on("client", () => opts.onClients?.(aedes.connectedClients));
  aedes.on("clientDisconnect", (client) => {
    if (owners.get(client.id) === client) owners.delete(client.id);
    opts.onClients?.(aedes.connectedClients);
  });
  aedes.on("clientError", (client, err) => {
    // A refused publish or a flood was logged where it was refused; aedes reports it again as it drops the client.
    if (err instanceof RefusedPublish || err instanceof PublishFlood) log.debug({ clientId: client.id, reason: err.message }, "mqtt client dropped");
    else abuse("warn", `error ${clientAddress(client)}`, { remote: clientAddress(client), clientId: client.id, reason: err.message }, "mqtt client error");
  });
  aedes.on("connectionError", (client, err) => log.debug({ err, clientId: client.id }, "mqtt connection error"));
  const gate = new ConnectionGate(limits.maxClients, limits.maxConnectionsPerAddress);
  const accept = acceptInto(aedes, gate, abuse);
  const listeners = await openListeners(listenerSpecs(opts), accept, aedes, log);
  const portOf = (kind: ListenerSpec["kind"]): number | null => listeners.find((l) => l.kind === kind)?.port ?? null;
  let closing: Promise<void> | undefined;
  return {
    port: portOf("mqtt") ?? 0,
    tlsPort: portOf("tls"),
    webSocketPort: portOf("websocket"),
    publish: orderedGatewayPublish(aedes, opts.prefix, addressed),
    onMessage: (filter, handler) => void handlers.push({ filter, handler }),
    onRefused: (filter, handler) => void refusedHandlers.push({ filter, handler }),
    attach: (stream, request, user) => {
      vouched.set(stream, { username: user.username, role: user.role });
      accept(stream, request);
    },
    clientCount: () => aedes.connectedClients,
    setUsers: (list) => replaceUsers(table, list, owners.values(), peers),
    accounts: { roles: table.roles, passwords },
    close: () => (closing ??= shutdown(listeners, aedes, log)),
  };
}

/** The listeners the options ask for: the plain one always, TLS and WebSocket when configured. */
function listenerSpecs(opts: BrokerOptions): ListenerSpec[] {
  const specs: ListenerSpec[] = [{ kind: "mqtt", host: opts.host, port: opts.port }];
  if (opts.tls) specs.push({ kind: "tls", ...opts.tls });
  if (opts.websocket) specs.push({ kind: "websocket", ...opts.websocket });
  return specs;
}

/** Run the handlers whose filter matches; a throwing handler is logged and must not break aedes' delivery. */
function deliver(handlers: readonly { filter: string; handler: MessageHandler }[], topic: string, payload: Buffer, from: Identity, log: Logger): void {
  for (const { filter, handler } of handlers) {
    if (!topicMatches(filter, topic)) continue;
    try {
      handler(topic, payload, from);
    } catch (err) {
      log.error({ err, topic, clientId: from.clientId }, "mqtt message handler failed");
    }
  }
}

/**
 * Hand a new connection to aedes, behind the connection caps and the packet-size guard: a connection
 * past the gate's caps is closed before aedes sees it.
 */
function acceptInto(aedes: Aedes, gate: ConnectionGate, abuse: LimitedLog): (stream: Duplex, request?: IncomingMessage) => void {
  return (stream, request) => {
    const remote = (stream as Partial<Socket>).remoteAddress ?? request?.socket.remoteAddress ?? "?";
    const refused = gate.admit(remote);
    if (refused !== null) {
      stream.destroy();
      return abuse("warn", `gate ${remote}`, { remote, reason: refused, open: gate.open }, "mqtt connection refused: too many connections");
    }
    stream.once("close", () => gate.release(remote));
    aedes.handle(stream, request);
    guardSocket(stream, MAX_PACKET_BYTES, ({ reason, length }) => {
      abuse("warn", `packet ${remote}`, { remote, reason, length, limit: MAX_PACKET_BYTES }, "mqtt packet refused, connection dropped");
    });
  };
}

/** Open every listener; when one cannot be bound, end those already open, close aedes and throw its error. */
async function openListeners(
  specs: readonly ListenerSpec[],
  accept: (stream: Duplex, request?: IncomingMessage) => void,
  aedes: Aedes,
  log: Logger,
): Promise<Listener[]> {
  const open: Listener[] = [];
  try {
    for (const spec of specs) open.push(await openListener(spec, accept, MAX_PACKET_BYTES, log));
    return open;
  } catch (err) {
    await Promise.all(open.map((l) => l.end()));
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    throw err;
  }
}

/** Stop accepting, close aedes (which disconnects its clients), end sockets that never connected. */
async function shutdown(listeners: readonly Listener[], aedes: Aedes, log: Logger): Promise<void> {
  for (const listener of listeners) listener.stopAccepting();
  await new Promise<void>((resolve) => aedes.close(() => resolve()));
  await Promise.all(listeners.map((l) => l.end()));
  log.info("mqtt broker closed");
}
