import { z } from "zod";

/**
 * `storage.retention`: how much of the audit log the gateway keeps, to spare an SD card. Without it
 * (or with neither limit) nothing is pruned. Events the district has not acknowledged are kept past
 * either limit, and the hash chain stays verifiable from the last event pruned (docs/audit-log.md).
 */
export const RetentionSchema = z.strictObject({
  /** Events older than this many days are pruned. A school year and its summer is 400. */
  max_age_days: z.number().int().min(1).max(36_500).optional(),
  /** While the log takes more than this many MiB of the store, its oldest events are pruned. */
  max_size_mb: z.number().int().min(16).max(1_048_576).optional(),
});
export type RetentionConfig = z.infer<typeof RetentionSchema>;

/** The limits as the pruner takes them (store/retention.ts); null when the site sets none. */
export interface RetentionModel {
  readonly maxAgeMs: number | null;
  readonly maxBytes: number | null;
}

const DAY_MS = 86_400_000;
const MIB = 1_048_576;

/** The section compiled; null when it sets no limit. */
export function compileRetention(config: RetentionConfig | undefined): RetentionModel | null {
  const maxAgeMs = config?.max_age_days === undefined ? null : config.max_age_days * DAY_MS;
  const maxBytes = config?.max_size_mb === undefined ? null : config.max_size_mb * MIB;
  return maxAgeMs === null && maxBytes === null ? null : Object.freeze({ maxAgeMs, maxBytes });
}
