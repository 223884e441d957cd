import { describe, expect, it } from "vitest";
import { AlarmsSchema, compileAlarms } from "../../src/config/schema-alarms.js";
import { SiteConfigSchema } from "../../src/config/schema.js";

describe("the alarms section", () => {
  it("defaults: life safety critical and latched, forced open high, held open medium, device trouble low", () => {
    const config = SiteConfigSchema.parse({ site: { id: "s", name: "S", timezone: "UTC" } });
    const policy = compileAlarms(config.alarms);
    expect(["fire", "panic", "lockdown", "forced_open", "held_open", "device_trouble"].map((k) => policy.priorities.get(k as never))).toEqual([
      "critical", "critical", "critical", "high", "medium", "low",
    ]);
    expect([...policy.latched]).toEqual(["fire", "panic", "lockdown"]);
    expect([...policy.journalOnly]).toEqual(["clock_jump"]);
    expect(policy).toMatchObject({ chatterMs: 10_000, escalateAfterMs: 120_000, drills: "mark", maxShelveMs: 480 * 60_000 });
    expect([...policy.escalate]).toEqual(["critical", "high"]);
  });

  it("takes a site's priorities over the defaults and refuses unknown kinds and priorities", () => {
    const policy = compileAlarms(AlarmsSchema.parse({ priorities: { held_open: "high" }, escalate_after_s: 60, drills: "suppress" }));
    expect(policy.priorities.get("held_open")).toBe("high");
    expect(policy.priorities.get("forced_open")).toBe("high");
    expect(policy).toMatchObject({ escalateAfterMs: 60_000, drills: "suppress" });
    expect(AlarmsSchema.safeParse({ priorities: { door_ajar: "high" } }).success).toBe(false);
    expect(AlarmsSchema.safeParse({ priorities: { fire: "urgent" } }).success).toBe(false);
    expect(AlarmsSchema.safeParse({ escalate_after_s: 0 }).success).toBe(false);
  });
});
