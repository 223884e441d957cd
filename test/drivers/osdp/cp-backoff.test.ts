import { describe, expect, it } from "vitest";
import { Command } from "../../../src/drivers/osdp/codes.js";
import { cpSite, sentCommands, sim, type CpSite } from "../../helpers/osdp-cp-site.js";

/** When the panel sent osdp_CHLNG to a reader: one per handshake. */
const challenges = (site: CpSite, address: number): number[] => sentCommands(site, address).filter((s) => s.code === Command.CHLNG).map((s) => s.at);

/** The gaps between successive times. */
const gaps = (at: number[]): number[] => at.slice(1).map((t, i) => t - (at[i] ?? 0));

describe("OSDP control panel: backoff after Secure Channel failures", () => {
  it("handshakes a reader whose every reply fails its MAC only a handful of times a minute, alarming once", () => {
    const site = cpSite([{ address: 1 }], { alarmIntervalMs: 60_000 });
    site.bus.start();
    site.timers.advance(1000);
    expect(site.bus.state(1)).toBe("online");
    sim(site, 1).badMacs = true;
    const from = challenges(site, 1).length;
    site.timers.advance(60_000);
    const minute = challenges(site, 1).slice(from);
    // Each attempt completes the handshake and fails on the first reply's MAC: 0.5, 1, 2, 4, 8, 8 … s
    // apart (plus the few exchanges of the attempt). Without the backoff it was 2,399 a minute.
    expect(minute.length).toBeLessThanOrEqual(11);
    const waits = gaps(minute);
    const backoff = [1000, 2000, 4000, 8000, 8000, 8000];
    waits.slice(0, backoff.length).forEach((g, i) => expect(g - (backoff[i] ?? 0)).toBeGreaterThanOrEqual(0));
    waits.slice(0, backoff.length).forEach((g, i) => expect(g - (backoff[i] ?? 0)).toBeLessThan(100));
    expect(site.of("alarm", 1)).toEqual([{ type: "alarm", address: 1, alarm: "mac_failure", detail: "bad_mac" }]);
    expect(site.of("offline", 1).length).toBeLessThanOrEqual(11);
    site.bus.stop();
  });

  it("starts the backoff again from 0.5 s once a session is healthy", () => {
    const site = cpSite([{ address: 2 }]);
    site.bus.start();
    site.timers.advance(1000);
    const reader = sim(site, 2);
    reader.badMacs = true;
    site.timers.advance(20_000);
    reader.badMacs = false;
    site.timers.advance(10_000);
    expect(site.bus.state(2)).toBe("online");
    const before = sentCommands(site, 2).length;
    reader.corruptNextMac = true;
    site.timers.advance(2000);
    const after = sentCommands(site, 2).slice(before);
    const reconnect = after.findIndex((s) => s.code === Command.ID);
    const failed = after[reconnect - 1];
    expect(failed?.code).toBe(Command.POLL);
    // The first step of the backoff (0.5 s after the failed reply), not the 8 s reached before.
    const wait = (after[reconnect]?.at ?? 0) - (failed?.at ?? 0);
    expect(wait).toBeGreaterThanOrEqual(500);
    expect(wait).toBeLessThan(600);
    expect(site.bus.state(2)).toBe("online");
    site.bus.stop();
  });

  it("backs off the same way from a reader whose handshake fails (another key)", () => {
    const site = cpSite([{ address: 3, key: Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i) }], { alarmIntervalMs: 60_000 });
    site.bus.start();
    site.timers.advance(60_000);
    const waits = gaps(challenges(site, 3));
    expect(waits.length).toBeLessThanOrEqual(10);
    [500, 1000, 2000, 4000, 8000].forEach((b, i) => expect((waits[i] ?? 0) - b).toBeGreaterThanOrEqual(0));
    expect(site.of("alarm", 3)).toEqual([{ type: "alarm", address: 3, alarm: "mac_failure", detail: "client_cryptogram_mismatch" }]);
    expect(site.of("online", 3)).toEqual([]);
    site.bus.stop();
  });
});
