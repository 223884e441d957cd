import type { AedesOptions, AuthErrorCode, AuthenticateError, Client } from "aedes";
import type { Logger } from "../util/log.js";
import type { LimitedLog } from "../util/log-limiter.js";
import { mayLeaveWill, mayPublish, maySubscribe, type AclContext } from "./acl.js";
import type { BrokerOptions, BrokerUser, LocalIdentity, VouchedUser } from "./broker.js";
import type { ForwardRule } from "./forward.js";
import type { PasswordCheck } from "./password-check.js";

/** CONNACK return codes, MQTT 3.1.1 §3.2.2.3 (aedes declares them as an ambient const enum). */
const RC_IDENTIFIER_REJECTED = 2 as AuthErrorCode;
const RC_BAD_CREDENTIALS = 4 as AuthErrorCode;
const RC_NOT_AUTHORIZED = 5 as AuthErrorCode;

export type AuthorizationHooks = Required<
  Pick<AedesOptions, "authenticate" | "authorizePublish" | "authorizeSubscribe" | "authorizeForward">
>;
/** Who an authenticated client is; anonymous clients have null username and role. */
export type Peer = Pick<LocalIdentity, "username" | "role">;
/** What the aedes hooks share: accounts, the ACL context, and who each connected client is. */
export interface HookDeps {
  users: ReadonlyMap<string, BrokerUser>;
  /** Checks the users' passwords (hashed off the event loop, remembered once verified). */
  passwords: PasswordCheck;
  anonymous: BrokerOptions["anonymous"];
  ctx: AclContext;
  /** Identity of every authenticated client. */
  peers: WeakMap<Client, Peer>;
  /** The authenticated client currently holding each client id. */
  owners: Map<string, Client>;
  /** What each client reads of the messages it subscribed to. */
  forward: ForwardRule;
  log: Logger;
  /** Logs what a client can repeat at will once per key and interval. */
  abuse: LimitedLog;
  /** Told of every publish the ACL refused from a connected client, with who sent it (see `Broker.onRefused`). */
  refused: (topic: string, payload: Buffer, from: LocalIdentity) => void;
  /** Connections handed over with their user already authenticated (`Broker.attach`), by stream. */
  vouched: WeakMap<object, VouchedUser>;
}

/**
 * aedes' authenticate hook. Besides the password check it refuses a client id held by a connected
 * client of another user: MQTT 3.1.1 §3.1.4 has the newcomer take over the session, which would let
 * an anonymous viewer disconnect an operator's console by reusing its client id. Refusals are logged
 * by the abuse guard in front of it (abuse-guard.ts), at a bounded rate.
 */
function authenticator(deps: HookDeps): AuthorizationHooks["authenticate"] {
  const { users, passwords, anonymous, peers, owners, log } = deps;
  const admit = (client: Client, peer: Peer, done: Parameters<AuthorizationHooks["authenticate"]>[3]): void => {
    const will = willTopic(client);
    if (will !== undefined && !mayLeaveWill(peer.role, will, deps.ctx)) {
      log.warn({ clientId: client.id, username: peer.username, topic: will }, "mqtt last will refused");
      return done(authError("last will not allowed on that topic", RC_NOT_AUTHORIZED), false);
    }
    const holder = owners.get(client.id);
    if (holder !== undefined && !holder.closed && peers.get(holder)?.username !== peer.username) {
      log.warn({ clientId: client.id, username: peer.username }, "mqtt client id held by another user");
      return done(authError("client id in use by another user", RC_IDENTIFIER_REJECTED), false);
    }
    peers.set(client, peer);
    owners.set(client.id, client);
    // At debug: dashboards reconnect all day, and each connect at info would drown the events.
    log.debug({ clientId: client.id, ...peer }, "mqtt client authenticated");
    done(null, true);
  };
  return (client, username, password, done) => {
    const vouched = deps.vouched.get(client.conn);
    if (vouched !== undefined) {
      // The connection's user is the one who handed it over: a page cannot connect as anyone else.
      if (username !== undefined && username !== "" && username !== vouched.username) {
        return done(authError("this connection belongs to another user", RC_NOT_AUTHORIZED), false);
      }
      return admit(client, { username: vouched.username, role: vouched.role }, done);
    }
    if (username === undefined || username === "") {
      if (anonymous !== "viewer") return done(authError("anonymous connections are not allowed", RC_NOT_AUTHORIZED), false);
      return admit(client, { username: null, role: null }, done);
    }
    const user = users.get(username);
    // Checked even for an unknown user, so timing does not tell which usernames exist.
    passwords.verify(username, password).then(
      (matches) => {
        if (user === undefined || !matches) return done(authError("bad username or password", RC_BAD_CREDENTIALS), false);
        admit(client, { username, role: user.role }, done);
      },
      (err: unknown) => {
        log.error({ err, clientId: client.id }, "mqtt password check failed");
        done(authError("password check failed", RC_NOT_AUTHORIZED), false);
      },
    );
  };
}

/** A publish the ACL refused: the connection is closed (MQTT 3.1.1 §3.3.5), and it is logged once. */
export class RefusedPublish extends Error {
  constructor(topic: string) {
    super(`publish to ${topic} is not authorized`);
  }
}

/** aedes' authorization hooks, backed by `acl.ts`. */
export function authorizationHooks(deps: HookDeps): AuthorizationHooks {
  const { ctx, peers, forward, log, abuse } = deps;
  return {
    authenticate: authenticator(deps),
    authorizePublish(client, packet, done) {
      const peer = client === null ? undefined : peers.get(client);
      // client null: a will left behind by a client that is gone; its role is unknown, so refuse.
      if (client === null || peer === undefined || !mayPublish(peer.role, packet.topic, ctx)) {
        const username = peer?.username ?? null;
        // A refused client may reconnect and try again at will: logged once per user and interval.
        abuse("warn", `publish ${username ?? ""}`, { clientId: client?.id ?? null, username, topic: packet.topic }, "mqtt publish refused");
        if (client !== null && peer !== undefined) deps.refused(packet.topic, toBuffer(packet.payload), { source: "local", ...peer, clientId: client.id });
        // MQTT 3.1.1 §3.3.5: with no way to tell the client, the server closes the connection.
        return done(new RefusedPublish(packet.topic));
      }
      // Requests and sim commands are commands, not state: a retained one would be replayed to every
      // later subscriber and sit on the broker forever.
      packet.retain = false;
      done(null);
    },
    authorizeSubscribe(client, subscription, done) {
      const peer = peers.get(client);
      if (peer !== undefined && maySubscribe(peer.role, subscription.topic, ctx)) return done(null, subscription);
      log.warn({ clientId: client.id, filter: subscription.topic }, "mqtt subscription refused");
      // A null subscription is answered with SUBACK 0x80 (MQTT 3.1.1 §3.9.3); the connection stays up.
      done(null, null);
    },
    authorizeForward(client, packet) {
      return forward(client.id, peers.get(client)?.role ?? null, packet);
    },
  };
}

/**
 * The will topic of a client being authenticated. aedes keeps the CONNECT's will in `_will` until
 * the client is accepted (and publishes only an accepted client's will), and gives the hook no
 * other view of it.
 */
function willTopic(client: Client): string | undefined {
  return (client as Client & { _will?: { topic?: string } | null })._will?.topic;
}

/** A packet's payload as a Buffer (aedes types it as either). */
export function toBuffer(payload: string | Buffer): Buffer {
  return Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
}

/** An aedes authentication error carrying the CONNACK return code. */
export function authError(message: string, returnCode: AuthErrorCode): AuthenticateError {
  return Object.assign(new Error(message), { returnCode });
}
