import { z } from "zod";
import type { RetentionConfig } from "./schema-retention.js";

/**
 * The `incidents` section: how long closed incident records are kept. Without it they follow the
 * audit log's `storage.retention.max_age_days`; without either they are kept. Open incidents are
 * never removed, whatever their age.
 */
export const IncidentsSchema = z.strictObject({
  /** Days a closed incident is kept after it was closed. */
  retention_days: z.number().int().min(1).max(36_500).optional(),
});
export type IncidentsConfig = z.infer<typeof IncidentsSchema>;

/** The section compiled: how long after closing an incident goes; null: it is kept. */
export interface IncidentsModel {
  readonly retentionMs: number | null;
}

const DAY_MS = 86_400_000;

/** The section compiled, falling back to the audit log's age limit. */
export function compileIncidents(config: IncidentsConfig | undefined, storage: RetentionConfig | undefined): IncidentsModel {
  const days = config?.retention_days ?? storage?.max_age_days;
  return Object.freeze({ retentionMs: days === undefined ? null : days * DAY_MS });
}
