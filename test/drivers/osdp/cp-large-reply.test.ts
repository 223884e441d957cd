import { describe, expect, it } from "vitest";
import type { SecurePolicy } from "../../../src/drivers/osdp/cp-options.js";
import { onlineSite, sim } from "../../helpers/osdp-cp-site.js";

/** `count` bits in a varied pattern, for an osdp_RAW read of that size. */
const bitsOf = (count: number): string => Array.from({ length: count }, (_, i) => ((i * 7) % 3 === 0 ? "1" : "0")).join("");

/**
 * OSDP Verified: a control panel accepts device messages of 128–1440 bytes. At 9600 baud 1440 bytes
 * take 1.5 s, so the reply is delivered in 15 chunks 100 ms apart, inside the 2 s exchange limit.
 */
describe("OSDP control panel: the largest reply", () => {
  it.each([
    // Plaintext: header 5, code 1, CRC 2, RAW header 4 → 1428 bytes of bits make 1440.
    { secure: "plaintext" as SecurePolicy, bits: 1428 * 8, length: 1440 },
    // Sealed: header 5, block 2, code 1, MAC 4, CRC 2, data padded to 16 → 1424 bytes of ciphertext make 1438.
    { secure: "required" as SecurePolicy, bits: 1419 * 8, length: 1438 },
  ])("reads a $length-byte card read ($secure) arriving over 1.5 s, as at 9600 baud", ({ secure, bits, length }) => {
    const site = onlineSite([{ address: 1, secure }]);
    const reader = sim(site, 1);
    reader.chunking = { count: 15, gapMs: 100 };
    reader.queueCard(bitsOf(bits));
    const polled = site.wire.written.length;
    site.timers.advance(3000);
    expect(site.of("card", 1).map((c) => c.bits)).toEqual([bitsOf(bits)]);
    expect(site.bus.counters(1)).toMatchObject({ timeouts: 0, crcErrors: 0 });
    expect(site.of("offline", 1)).toEqual([]);
    expect(site.wire.written.length).toBeGreaterThan(polled);
    site.bus.stop();
    // The reply really was that long on the wire (mark byte not counted).
    expect(reader.sentLengths.filter((n) => n > 1000)).toEqual([length + 1]);
  });

  it("refuses a reply one byte over the bound, and gets the reader back after it", () => {
    const site = onlineSite([{ address: 2, secure: "plaintext" }]);
    sim(site, 2).queueCard(bitsOf(1429 * 8));
    site.timers.advance(8000);
    expect(sim(site, 2).sentLengths.filter((n) => n > 1000)[0]).toBe(1442);
    expect(site.of("card", 2)).toEqual([]);
    expect(site.bus.counters(2)?.timeouts).toBeGreaterThan(0);
    expect(site.of("offline", 2)).toHaveLength(1);
    expect(site.bus.state(2)).toBe("online");
    site.bus.stop();
  });
});
