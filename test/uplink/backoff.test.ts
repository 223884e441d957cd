import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reconnectDelay } from "../../src/uplink/connection.js";

const opts = { minMs: 1000, maxMs: 60_000 };

describe("reconnectDelay", () => {
  it.each([
    // attempt, random, expected: the ceiling doubles from min, the delay lies between half and all of it
    [0, 0, 500],
    [0, 0.999_999, 1000],
    [1, 0, 1000],
    [1, 0.5, 1500],
    [3, 0, 4000],
    [5, 0.999_999, 32_000],
    [6, 0, 30_000],
    [6, 0.999_999, 60_000],
    [40, 0.5, 45_000],
  ])("attempt %i with random %f waits %i ms", (attempt, random, expected) => {
    expect(reconnectDelay(attempt, opts, () => random)).toBe(expected);
  });

  it("stays finite and capped after weeks offline", () => {
    expect(reconnectDelay(100_000, opts, () => 0.999_999)).toBe(60_000);
    expect(reconnectDelay(Number.MAX_SAFE_INTEGER, { minMs: 10, maxMs: 3_600_000 }, () => 0)).toBe(1_800_000);
  });

  it("never leaves [ceiling/2, ceiling] for any attempt and random draw", () => {
    fc.assert(
      fc.property(fc.nat(200), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (attempt, r) => {
        const ceiling = Math.min(opts.maxMs, opts.minMs * 2 ** Math.min(attempt, 30));
        const d = reconnectDelay(attempt, opts, () => r);
        return d >= ceiling / 2 && d <= ceiling;
      }),
    );
  });

  it("spreads a fleet that lost the broker at the same moment (no lockstep)", () => {
    // 300 gateways retrying their 6th attempt with real randomness: the delays cover the window.
    const delays = Array.from({ length: 300 }, () => reconnectDelay(5, opts));
    const distinct = new Set(delays.map((d) => Math.floor(d / 1000)));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(16_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(32_000);
    // 16 one-second buckets between 16 s and 32 s; a uniform spread fills nearly all of them.
    expect(distinct.size).toBeGreaterThanOrEqual(12);
  });
});
