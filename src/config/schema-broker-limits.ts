import { z } from "zod";
import { DEFAULT_BROKER_LIMITS as D, type BrokerLimits } from "../bus/limits.js";

/** `broker.limits`: what keeps the embedded broker deciding when a client misbehaves (see bus/limits.ts). */
export const BrokerLimitsSchema = z.strictObject({
  max_clients: z.number().int().min(1).max(10_000).default(D.maxClients),
  max_connections_per_address: z.number().int().min(1).max(10_000).default(D.maxConnectionsPerAddress),
  max_keepalive_s: z.number().int().min(10).max(65_535).default(D.maxKeepaliveS),
  publish_per_s: z.number().positive().max(100_000).default(D.publishPerS),
  publish_burst: z.number().int().min(1).max(1_000_000).default(D.publishBurst),
  login_failures: z.number().int().min(1).max(1000).default(D.login.failures),
  login_block_ms: z.number().int().min(100).max(3_600_000).default(D.login.blockMs),
  login_max_block_ms: z.number().int().min(100).max(86_400_000).default(D.login.maxBlockMs),
  log_interval_ms: z.number().int().min(1000).max(3_600_000).default(D.logIntervalMs),
});

export type BrokerLimitsConfig = z.infer<typeof BrokerLimitsSchema>;

/** The section's defaults, as the schema gives them for an absent section. */
export const BROKER_LIMITS_DEFAULTS: BrokerLimitsConfig = BrokerLimitsSchema.parse({});

/** The limits as the broker takes them. */
export function compileBrokerLimits(c: BrokerLimitsConfig): BrokerLimits {
  return {
    maxClients: c.max_clients,
    maxConnectionsPerAddress: c.max_connections_per_address,
    maxKeepaliveS: c.max_keepalive_s,
    publishPerS: c.publish_per_s,
    publishBurst: c.publish_burst,
    login: { failures: c.login_failures, blockMs: c.login_block_ms, maxBlockMs: Math.max(c.login_block_ms, c.login_max_block_ms) },
    logIntervalMs: c.log_interval_ms,
  };
}

/** Whether `host` is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}
