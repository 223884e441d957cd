import { describe, expect, it } from "vitest";
import { DeskScanPayload } from "../../src/bus/desk-topics.js";
import { DeskScans } from "../../src/visitors/desk-scans.js";
import { ManualTimers } from "../helpers/manual-timers.js";

const KEEP_MS = 3 * 60_000;
const PREFILL = {
  first_name: "MINH", middle_name: null, last_name: "NGUYEN", date_of_birth: "1990-04-15", id_type: "driver_licence" as const,
  id_last4: "9a81", jurisdiction: "CA", country: "USA" as const, id_expires: null, id_expired: false,
};
const scanned = (scanner: string, at: string, prefill = PREFILL): DeskScanPayload => ({ scanner, at, result: { ok: true, prefill } });

/** The scans and every payload they published, validated as the wire schema says. */
function board() {
  const timers = new ManualTimers(Date.parse("2026-11-23T15:00:00Z"));
  const published: DeskScanPayload[] = [];
  const scans = new DeskScans({ publish: (_s, p) => void published.push(DeskScanPayload.parse(p)), timers, wallNow: () => timers.now(), keepMs: KEEP_MS });
  return { scans, timers, published };
}

describe("the desk's ID scans", () => {
  it("takes a scan down when the person it read is signed in (same date of birth and last 4), and no other", () => {
    const { scans, published } = board();
    scans.show(scanned("desk-1", "2026-11-23T15:00:00.000Z"));
    scans.show(scanned("desk-2", "2026-11-23T15:00:00.000Z", { ...PREFILL, date_of_birth: "1971-02-19" }));
    scans.signedIn({ dateOfBirth: "1990-04-15", idLast4: "1111" });
    scans.signedIn({ dateOfBirth: "1990-04-16", idLast4: "9A81" });
    expect(published).toHaveLength(2);
    // The desk corrected the name, and typed the last 4 in capitals: still the person scanned.
    scans.signedIn({ dateOfBirth: "1990-04-15", idLast4: "9A81" });
    expect(published.slice(2)).toEqual([{ scanner: "desk-1", at: "2026-11-23T15:00:00.000Z", result: null }]);
  });

  it("takes any scan down after the keep time, and a new scan starts the time again", () => {
    const { scans, timers, published } = board();
    scans.show({ scanner: "desk-1", at: "2026-11-23T15:00:00.000Z", result: { ok: false, reason: "truncated", message: "scan again" } });
    timers.advance(KEEP_MS - 1000);
    scans.show(scanned("desk-1", "2026-11-23T15:02:59.000Z"));
    timers.advance(KEEP_MS - 1);
    expect(published.map((p) => p.result?.ok ?? null)).toEqual([false, true]);
    timers.advance(1);
    expect(published.at(-1)).toEqual({ scanner: "desk-1", at: "2026-11-23T15:05:59.000Z", result: null });
    // Taken down once: a sign-in after it publishes nothing more.
    scans.signedIn({ dateOfBirth: "1990-04-15", idLast4: "9a81" });
    timers.advance(KEEP_MS);
    expect(published).toHaveLength(3);
  });

  it("stops its timers when stopped", () => {
    const { scans, timers, published } = board();
    scans.show(scanned("desk-1", "2026-11-23T15:00:00.000Z"));
    scans.stop();
    timers.advance(KEEP_MS);
    expect(published).toHaveLength(1);
  });
});
