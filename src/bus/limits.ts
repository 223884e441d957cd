import type { ThrottleLimits } from "./login-throttle.js";

/** What the embedded broker allows one client, one address and all clients together. */
export interface BrokerLimits {
  /** Open connections at most (every address); more are closed as they arrive. */
  readonly maxClients: number;
  /** Open connections at most from one address. */
  readonly maxConnectionsPerAddress: number;
  /**
   * Longest CONNECT keepalive accepted, in seconds; a longer one, or 0 (never), is refused with
   * CONNACK 2 as mosquitto's `max_keepalive` does for MQTT 3.1.1 clients: a dead client is then
   * noticed within 1.5 × this.
   */
  readonly maxKeepaliveS: number;
  /** Publishes per second a client may sustain… */
  readonly publishPerS: number;
  /** …and in a burst; a client past both is disconnected. */
  readonly publishBurst: number;
  /** Failed-login throttling, applied per address and per username. */
  readonly login: ThrottleLimits;
  /** Abuse (refused logins, floods, dropped clients) is logged once per key per this interval. */
  readonly logIntervalMs: number;
}

/** The defaults: ample for a school's dashboards and sims, small enough for a Raspberry Pi. */
export const DEFAULT_BROKER_LIMITS: BrokerLimits = Object.freeze({
  maxClients: 200,
  maxConnectionsPerAddress: 50,
  maxKeepaliveS: 300,
  publishPerS: 50,
  publishBurst: 200,
  login: Object.freeze({ failures: 5, blockMs: 1000, maxBlockMs: 60_000 }),
  logIntervalMs: 60_000,
});
