import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/log.js";
import { DistrictLink } from "../../src/uplink/connection.js";
import { startAedesDistrict } from "../helpers/district-broker.js";
import { recordingTimers, testUplinkModel } from "../helpers/uplink-harness.js";

describe("DistrictLink reconnects", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups.length = 0;
  });

  it("with its own capped exponential backoff, reset by a successful connection", async () => {
    const d = await startAedesDistrict();
    cleanups.push(() => d.dispose());
    await d.stop();
    const timers = recordingTimers();
    let ups = 0;
    let downs = 0;
    const model = testUplinkModel(d.url, { reconnect: { minMs: 20, maxMs: 80 } });
    const link = new DistrictLink(
      model,
      { topic: "gatehouse/lincoln-es/status", payload: "{}" },
      { onUp: () => void ups++, onDown: () => void downs++, onMessage: () => undefined },
      timers,
      silentLogger(),
      // Lowest jitter draw: every delay is half its ceiling.
      () => 0,
    );
    cleanups.push(() => link.stop());
    link.start();
    await vi.waitFor(() => expect(timers.delays.length).toBeGreaterThanOrEqual(5));
    expect(timers.delays.slice(0, 5)).toEqual([10, 20, 40, 40, 40]);
    expect(ups).toBe(0);

    await d.start();
    await vi.waitFor(() => expect(link.connected).toBe(true));
    const before = timers.delays.length;
    await d.stop();
    await vi.waitFor(() => expect(timers.delays.length).toBeGreaterThan(before));
    expect(timers.delays[before]).toBe(10);
    expect({ ups, downs }).toEqual({ ups: 1, downs: 1 });
  });

  it("a refused CONNECT backs off like a refused socket and never reports the link up", async () => {
    const d = await startAedesDistrict();
    cleanups.push(() => d.dispose());
    d.hold("gatehouse-lincoln-es");
    const timers = recordingTimers();
    let ups = 0;
    const link = new DistrictLink(
      testUplinkModel(d.url, { reconnect: { minMs: 20, maxMs: 80 } }),
      { topic: "gatehouse/lincoln-es/status", payload: "{}" },
      { onUp: () => void ups++, onDown: () => undefined, onMessage: () => undefined },
      timers,
      silentLogger(),
      () => 0,
    );
    cleanups.push(() => link.stop());
    link.start();
    await vi.waitFor(() => expect(timers.delays.length).toBeGreaterThanOrEqual(3));
    expect(timers.delays.slice(0, 3)).toEqual([10, 20, 40]);
    expect(ups).toBe(0);
    d.release();
    await vi.waitFor(() => expect(link.connected).toBe(true));
    expect(ups).toBe(1);
  });
});
