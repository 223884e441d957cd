import { describe, expect, it } from "vitest";
import { compileRetention } from "../../src/config/schema-retention.js";
import { SiteConfigSchema } from "../../src/config/schema.js";

const site = { id: "lincoln-es", name: "Lincoln Elementary", timezone: "America/Chicago" };

describe("storage.retention", () => {
  it("is optional: without it nothing is pruned", () => {
    const config = SiteConfigSchema.parse({ site });
    expect(config.storage.retention).toBeUndefined();
    expect(compileRetention(config.storage.retention)).toBeNull();
    expect(compileRetention({})).toBeNull();
  });

  it("compiles days and MiB to the pruner's milliseconds and bytes", () => {
    const config = SiteConfigSchema.parse({ site, storage: { retention: { max_age_days: 400, max_size_mb: 2048 } } });
    expect(compileRetention(config.storage.retention)).toEqual({ maxAgeMs: 400 * 86_400_000, maxBytes: 2048 * 1_048_576 });
    expect(compileRetention({ max_size_mb: 64 })).toEqual({ maxAgeMs: null, maxBytes: 64 * 1_048_576 });
  });

  it("refuses limits that would prune everything, or keys it does not know", () => {
    for (const retention of [{ max_age_days: 0 }, { max_size_mb: 1 }, { max_age_days: 1.5 }, { max_events: 10 }]) {
      expect(SiteConfigSchema.safeParse({ site, storage: { retention } }).success).toBe(false);
    }
  });
});
