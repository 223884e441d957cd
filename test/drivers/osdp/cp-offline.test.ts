import { describe, expect, it } from "vitest";
import { Command } from "../../../src/drivers/osdp/codes.js";
import { cpSite, onlineSite, sentCommands, sim } from "../../helpers/osdp-cp-site.js";

describe("OSDP control panel: a reader that stops answering", () => {
  it("is reported offline within the configured time, then online again when it answers", () => {
    const site = cpSite([{ address: 1 }], { offlineAfterMs: 1500 });
    site.bus.start();
    site.timers.advance(1000);
    sim(site, 1).silent = true;
    // The last command before the silence was answered after the reader's 5 ms latency.
    const lastReply = (sentCommands(site, 1).at(-1)?.at ?? 0) + 5;
    site.timers.advance(lastReply + 1500 - 1 - site.timers.now());
    expect(site.of("offline", 1)).toEqual([]);
    site.timers.advance(1);
    expect(site.of("offline", 1)).toEqual([{ type: "offline", address: 1, reason: "no valid reply for 1500 ms" }]);
    expect(site.of("secure", 1).at(-1)).toEqual({ type: "secure", address: 1, secure: false, keyType: null });
    expect(site.bus.counters(1)?.timeouts).toBeGreaterThan(0);
    sim(site, 1).silent = false;
    site.timers.advance(8000);
    expect(site.of("online", 1)).toHaveLength(2);
    expect(site.bus.state(1)).toBe("online");
    site.bus.stop();
  });

  it("tries again with a growing backoff capped at the configured maximum, each attempt from sequence 0", () => {
    const site = cpSite([{ address: 2 }], { backoffMinMs: 500, backoffMaxMs: 4000, retries: 0 });
    sim(site, 2).silent = true;
    site.bus.start();
    site.timers.advance(30_000);
    const starts = sentCommands(site, 2).filter((s) => s.code === Command.ID);
    expect(starts.every((s) => s.sequence === 0)).toBe(true);
    const gaps = starts.slice(1).map((s, i) => s.at - (starts[i]?.at ?? 0));
    // Each attempt costs one reply timeout (200 ms) on top of the backoff.
    expect(gaps.slice(0, 4)).toEqual([700, 1200, 2200, 4200]);
    expect(gaps.slice(4).every((g) => g === 4200)).toBe(true);
    expect(site.of("offline", 2)).toEqual([]); // never online, so never reported offline
    site.bus.stop();
  });

  it("waits the 200 ms reply timeout for the first byte: a reply starting at 190 ms is read, one at 210 ms is not", () => {
    const slow = cpSite([{ address: 4, latencyMs: 190 }]);
    slow.bus.start();
    slow.timers.advance(3000);
    expect(slow.of("online", 4)).toHaveLength(1);
    expect(slow.bus.counters(4)).toMatchObject({ timeouts: 0, retries: 0 });
    slow.bus.stop();
    const late = cpSite([{ address: 4, latencyMs: 210 }]);
    late.bus.start();
    late.timers.advance(3000);
    expect(late.of("online", 4)).toEqual([]);
    expect(late.bus.counters(4)?.timeouts).toBeGreaterThan(2);
    late.bus.stop();
  });

  it("resends a command that got no reply with the same sequence number, and counts it", () => {
    const site = onlineSite([{ address: 3 }]);
    sim(site, 3).silent = true;
    site.timers.advance(300);
    sim(site, 3).silent = false;
    site.timers.advance(1000);
    const polls = sentCommands(site, 3).filter((s) => s.code === Command.POLL);
    const resent = polls.findIndex((p, i) => i > 0 && p.sequence === polls[i - 1]?.sequence);
    expect(resent).toBeGreaterThan(0);
    expect(site.bus.counters(3)).toMatchObject({ timeouts: 1, retries: 1 });
    expect(site.of("offline", 3)).toEqual([]);
    site.bus.stop();
  });
});
