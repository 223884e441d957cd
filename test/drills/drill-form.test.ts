import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formRows } from "../../src/drills/drill-form.js";
import type { DrillRecord } from "../../src/drills/drill-store.js";
import { loadProfile } from "../../src/drills/profile.js";

const michigan = loadProfile(fileURLToPath(new URL("../../compliance/michigan.yaml", import.meta.url)));
const site = { name: "Lincoln Elementary School", timezone: "America/Chicago" };

function lockdown(detail: Record<string, unknown>): DrillRecord {
  const startedAt = Date.parse("2026-11-20T15:00:00Z");
  return { id: 3, type: "lockdown", startedAt, startedBy: "sro", endedAt: startedAt + 300_000, endedBy: "sro", participants: [], notes: "", detail };
}

const timeToSecure = (r: DrillRecord) => formRows(michigan, r, site).rows.find((row) => /secure/i.test(row.label))?.value;

describe("the drill form's time to secure", () => {
  it("shows an exact figure, or for doors secured while the gateway was down the most it took and why", () => {
    expect(timeToSecure(lockdown({ secure_ms: 42_000, unsecured: [], lock_only: [] }))).toBe("42.0 s");
    const unseen = lockdown({ secure_ms: null, unsecured: [], lock_only: [], secure_ms_at_most: 90_000, secure_note: "The doors were secured while the gateway was not running." });
    expect(timeToSecure(unseen)).toBe("at most 90.0 s: The doors were secured while the gateway was not running.");
    expect(timeToSecure(lockdown({ secure_ms: null, unsecured: [{ door: "gym", missing: ["contact"] }], lock_only: [] }))).toBe("not all doors secured");
  });
});
