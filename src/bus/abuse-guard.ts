import type { AedesOptions, AuthErrorCode, Client } from "aedes";
import { authError, type AuthorizationHooks } from "./broker-auth.js";
import type { BrokerLimits } from "./limits.js";
import { LoginThrottle } from "./login-throttle.js";
import type { PasswordCheck } from "./password-check.js";
import { PublishRate } from "./publish-rate.js";
import type { LimitedLog } from "../util/log-limiter.js";

/** CONNACK return codes, MQTT 3.1.1 §3.2.2.3. */
const RC_IDENTIFIER_REJECTED = 2 as AuthErrorCode;
const RC_SERVER_UNAVAILABLE = 3 as AuthErrorCode;
const RC_BAD_CREDENTIALS = 4 as AuthErrorCode;

/** A client that published faster than its limit: aedes closes its connection. */
export class PublishFlood extends Error {
  constructor() {
    super("publish rate limit exceeded");
  }
}

/** The hooks the guard wraps, and preConnect which it adds. */
export type GuardedHooks = AuthorizationHooks & Required<Pick<AedesOptions, "preConnect">>;

/** The remote address of a client's connection ("?" when it has none, as over a test stream). */
export function clientAddress(client: Client): string {
  return (client.conn as { remoteAddress?: string }).remoteAddress ?? "?";
}

/**
 * The authorization hooks with the broker's limits in front of them:
 * - a CONNECT keepalive of 0 or above `maxKeepaliveS` is refused with CONNACK 2, as mosquitto does;
 * - failed logins are throttled per address and per username (see login-throttle.ts): a throttled
 *   login is refused with CONNACK 3 (server unavailable: try later) before any password is hashed,
 *   except that a user presenting the password they last logged in with is still let in, so a flood
 *   naming a real user does not lock that user out;
 * - a client publishing past its token bucket is disconnected.
 * Every refusal is logged through `abuse`, once per address and kind per interval.
 */
export function guardHooks(
  hooks: AuthorizationHooks,
  limits: BrokerLimits,
  passwords: PasswordCheck,
  abuse: LimitedLog,
  /** Whether the client's user was authenticated before its connection was handed over: no password, so no throttle. */
  vouched: (client: Client) => boolean = () => false,
): GuardedHooks {
  const byAddress = new LoginThrottle(limits.login);
  const byUser = new LoginThrottle(limits.login);
  const keepalives = new WeakMap<Client, number>();
  const rate = new PublishRate<Client>(limits.publishPerS, limits.publishBurst);
  return {
    ...hooks,
    preConnect(client, packet, callback) {
      keepalives.set(client, packet.keepalive ?? 0);
      callback(null, true);
    },
    authenticate(client, username, password, done) {
      const remote = clientAddress(client);
      const keepalive = keepalives.get(client) ?? 0;
      if (keepalive === 0 || keepalive > limits.maxKeepaliveS) {
        abuse("warn", `keepalive ${remote}`, { remote, keepalive, limit: limits.maxKeepaliveS }, "mqtt connection refused: keepalive 0 or above the limit");
        return done(authError(`keepalive must be 1-${limits.maxKeepaliveS} s`, RC_IDENTIFIER_REJECTED), false);
      }
      if (vouched(client)) return hooks.authenticate(client, username, password, done);
      const user = username === undefined || username === "" ? null : username;
      const waitAddress = byAddress.refusedFor(remote);
      const waitUser = user === null ? 0 : byUser.refusedFor(user);
      if (waitAddress > 0 || (waitUser > 0 && !passwords.remembered(user ?? "", password))) {
        const fields = { remote, username: user, retryInMs: Math.max(waitAddress, waitUser) };
        abuse("warn", `throttled ${remote}`, fields, "mqtt login refused: too many failed logins, throttled");
        return done(authError("too many failed logins, try later", RC_SERVER_UNAVAILABLE), false);
      }
      hooks.authenticate(client, username, password, (err, ok) => {
        if (err?.returnCode === RC_BAD_CREDENTIALS) {
          byAddress.failed(remote);
          if (user !== null) byUser.failed(user);
          abuse("warn", `login ${remote}`, { remote, clientId: client.id, username: user }, "mqtt authentication failed");
        } else if (err !== null) {
          abuse("warn", `refused ${remote}`, { remote, clientId: client.id, username: user, reason: err.message }, "mqtt connection refused");
        } else if (ok === true) {
          byAddress.succeeded(remote);
          if (user !== null) byUser.succeeded(user);
        }
        done(err, ok);
      });
    },
    authorizePublish(client, packet, done) {
      if (client !== null && !rate.take(client)) {
        const remote = clientAddress(client);
        abuse("warn", `flood ${remote}`, { remote, clientId: client.id, perS: limits.publishPerS, burst: limits.publishBurst }, "mqtt client publishing too fast, disconnected");
        return done(new PublishFlood());
      }
      hooks.authorizePublish(client, packet, done);
    },
  };
}
