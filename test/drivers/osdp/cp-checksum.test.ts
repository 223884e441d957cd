import { describe, expect, it } from "vitest";
import { H10301, onlineSite, sim } from "../../helpers/osdp-cp-site.js";

/** OSDP 2.2 Annex D, and an OSDP Verified item: under Secure Channel the check is the CRC, never the checksum. */
describe("OSDP control panel: the 8-bit checksum", () => {
  it("takes a checksum reply from a plaintext reader", () => {
    const site = onlineSite([{ address: 1, secure: "plaintext" }]);
    const reader = sim(site, 1);
    reader.queueCard(H10301);
    reader.checksumNext = true;
    site.timers.advance(200);
    expect(site.of("card", 1).map((c) => c.bits)).toEqual([H10301]);
    expect(site.bus.counters(1)).toMatchObject({ timeouts: 0, crcErrors: 0 });
    site.bus.stop();
  });

  it("never takes a sealed reply that carries the checksum: the reader is dropped and reconnected under a new session", () => {
    const site = onlineSite([{ address: 2 }]);
    const reader = sim(site, 2);
    reader.queueCard(H10301);
    reader.checksumNext = true;
    site.timers.advance(6000);
    expect(site.of("card", 2)).toEqual([]);
    // Refused by the parser as a packet, before any MAC check: it counts as no reply, not as a MAC failure.
    expect(site.bus.counters(2)).toMatchObject({ crcErrors: 0, scFailures: 0 });
    expect(site.bus.counters(2)?.timeouts).toBeGreaterThan(0);
    expect(site.of("alarm", 2)).toEqual([]);
    expect(site.of("offline", 2)).toHaveLength(1);
    expect(site.of("secure", 2).map((n) => n.secure)).toEqual([true, false, true]);
    expect(site.bus.state(2)).toBe("online");
    site.bus.stop();
  });
});
