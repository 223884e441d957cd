import { describe, expect, it } from "vitest";
import { compileIncidents } from "../../src/config/schema-incidents.js";
import { SiteConfigSchema } from "../../src/config/schema.js";

const site = { id: "lincoln-es", name: "Lincoln Elementary", timezone: "America/Chicago" };
const DAY = 86_400_000;

describe("incidents.retention_days", () => {
  it("wins over the audit log's age limit, which closed incidents follow without it", () => {
    const own = SiteConfigSchema.parse({ site, storage: { retention: { max_age_days: 400 } }, incidents: { retention_days: 2555 } });
    expect(compileIncidents(own.incidents, own.storage.retention)).toEqual({ retentionMs: 2555 * DAY });
    const shared = SiteConfigSchema.parse({ site, storage: { retention: { max_age_days: 400 } } });
    expect(compileIncidents(shared.incidents, shared.storage.retention)).toEqual({ retentionMs: 400 * DAY });
  });

  it("keeps incidents when neither limits their age (a size limit is the audit log's alone)", () => {
    const config = SiteConfigSchema.parse({ site, storage: { retention: { max_size_mb: 64 } } });
    expect(compileIncidents(config.incidents, config.storage.retention)).toEqual({ retentionMs: null });
  });

  it("refuses a retention of less than a day, or keys it does not know", () => {
    for (const incidents of [{ retention_days: 0 }, { retention_days: 1.5 }, { keep: true }]) {
      expect(SiteConfigSchema.safeParse({ site, incidents }).success).toBe(false);
    }
  });
});
