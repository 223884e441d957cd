import { describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/util/log.js";
import { DistrictLink } from "../../src/uplink/connection.js";
import { startAedesDistrict } from "../helpers/district-broker.js";
import { recordingTimers, testUplinkModel } from "../helpers/uplink-harness.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";

describe("DistrictLink reconnects", () => {
  const cleanups = cleanupsAfterEach();

  /**
   * A link to `url` with reconnects of 20-80 ms and the lowest jitter draw (every delay is half its
   * ceiling), on timers that record the delays, counting ups and downs; stopped after the test.
   */
  function countingLink(url: string): { link: DistrictLink; timers: ReturnType<typeof recordingTimers>; counts: { ups: number; downs: number } } {
    const timers = recordingTimers();
    const counts = { ups: 0, downs: 0 };
    const link = new DistrictLink(
      testUplinkModel(url, { reconnect: { minMs: 20, maxMs: 80 } }),
      { topic: "gatehouse/lincoln-es/status", payload: "{}" },
      { onUp: () => void counts.ups++, onDown: () => void counts.downs++, onMessage: () => undefined },
      timers,
      silentLogger(),
      () => 0,
    );
    cleanups.push(() => link.stop());
    return { link, timers, counts };
  }

  it("with its own capped exponential backoff, reset by a successful connection", async () => {
    const d = await startAedesDistrict();
    cleanups.push(() => d.dispose());
    await d.stop();
    const { link, timers, counts } = countingLink(d.url);
    link.start();
    await vi.waitFor(() => expect(timers.delays.length).toBeGreaterThanOrEqual(5));
    expect(timers.delays.slice(0, 5)).toEqual([10, 20, 40, 40, 40]);
    expect(counts.ups).toBe(0);

    await d.start();
    await vi.waitFor(() => expect(link.connected).toBe(true));
    const before = timers.delays.length;
    await d.stop();
    await vi.waitFor(() => expect(timers.delays.length).toBeGreaterThan(before));
    expect(timers.delays[before]).toBe(10);
    expect(counts).toEqual({ ups: 1, downs: 1 });
  });

  it("a refused CONNECT backs off like a refused socket and never reports the link up", async () => {
    const d = await startAedesDistrict();
    cleanups.push(() => d.dispose());
    d.hold("gatehouse-lincoln-es");
    const { link, timers, counts } = countingLink(d.url);
    link.start();
    await vi.waitFor(() => expect(timers.delays.length).toBeGreaterThanOrEqual(3));
    expect(timers.delays.slice(0, 3)).toEqual([10, 20, 40]);
    expect(counts.ups).toBe(0);
    d.release();
    await vi.waitFor(() => expect(link.connected).toBe(true));
    expect(counts.ups).toBe(1);
  });
});
