import { describe, expect, it, vi } from "vitest";
import type { EventBody, ScreeningResult } from "../../src/core/events.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { startAedesDistrict, type AedesDistrictOptions, type DistrictBroker } from "../helpers/district-broker.js";
import {
  appendRoutine,
  districtSubscriber,
  firstArrivals,
  strictlyIncreasing,
  testUplinkModel,
  uplinkHarness,
  type EventTally,
  type UplinkHarness,
} from "../helpers/uplink-harness.js";

/** A backlog that takes the district a second or more to drain: the finding's 20,000. */
const BACKLOG = 20_000;
/** The shipped window: how many routine events may be in flight ahead of an urgent one. */
const WINDOW = 100;

const panic: EventBody = { type: "panic", device: "pb-office", location: "office", mode: "lockdown", silent: true };
const mode: EventBody = { type: "mode", action: "raised", mode: "lockdown", previous: "normal", drill: false, silent: true, by: "panic", actor: null, location: "office", reason: null };
const fire: EventBody = { type: "alarm", alarm: "fire", active: true, device: "fa-1", door: null, location: null, until: null };
const screening = (result: ScreeningResult): EventBody => ({ type: "screening", device: "md-main", location: "main", result, zones: [], passages: null, alarms: null });
const forced: EventBody = { type: "door", door: "main", action: "forced_open" };

/** How many distinct events the district had seen before the first copy of `seq`. */
function seenBefore(tally: EventTally, seq: number): number {
  const first = firstArrivals(tally.seqs);
  const at = first.indexOf(seq);
  if (at < 0) throw new Error(`seq ${seq} never arrived`);
  return at;
}

/** Every seq 1…last arrived, the others than `early` in seq order, no two copies with different ids. */
function expectWholeOrderedStream(tally: EventTally, last: number, early: readonly number[]): void {
  const first = firstArrivals(tally.seqs);
  expect(new Set(first).size).toBe(last);
  expect(Math.min(...first)).toBe(1);
  expect(Math.max(...first)).toBe(last);
  expect(strictlyIncreasing(first.filter((s) => !early.includes(s)))).toBe(true);
  expect(tally.conflicts).toBe(0);
}

describe("urgent events reach the district ahead of a backlog", () => {
  const cleanups = cleanupsAfterEach();

  async function setUp(opts: AedesDistrictOptions = {}): Promise<{ d: DistrictBroker; tally: EventTally; h: UplinkHarness }> {
    const d = await startAedesDistrict(opts);
    cleanups.push(() => d.dispose());
    const sub = await districtSubscriber(d.url, "district-console");
    cleanups.push(() => void sub.client.end(true));
    const h = uplinkHarness(testUplinkModel(d.url, { window: WINDOW }));
    cleanups.push(() => h.dispose());
    return { d, tally: sub.tally, h };
  }

  it("a panic pressed during a 20,000-event drain no longer waits behind the backlog, and is delivered once", async () => {
    const { tally, h } = await setUp();
    appendRoutine(h.events, BACKLOG);
    h.uplink.start();
    await vi.waitFor(() => expect(tally.seqs.length).toBeGreaterThanOrEqual(1_000), { timeout: 20_000, interval: 5 });
    h.record([panic]);
    const seq = BACKLOG + 1;
    await vi.waitFor(() => expect(tally.seqs).toContain(seq), { timeout: 20_000, interval: 5 });
    // Before: the panic came after all 20,000. Now at most a window and the drain's progress meanwhile.
    expect(seenBefore(tally, seq)).toBeLessThan(BACKLOG / 2);
    await vi.waitFor(() => expect(h.uplink.state()).toMatchObject({ backlog: 0, acked_seq: seq }), { timeout: 30_000, interval: 50 });
    // aedes acknowledges a publish before it forwards it: the subscriber may still be catching up.
    await vi.waitFor(() => expect(new Set(tally.seqs).size).toBe(seq), { timeout: 30_000, interval: 50 });
    expectWholeOrderedStream(tally, seq, [seq]);
    expect(tally.seqs.filter((s) => s === seq)).toHaveLength(1);
  }, 60_000);

  it("urgent events recorded behind a backlog go out within the first window; a screening passage waits its turn", async () => {
    const { tally, h } = await setUp();
    appendRoutine(h.events, 5_000);
    h.events.append([mode, panic, fire, screening("alarm"), forced, screening("passage")], Date.now());
    appendRoutine(h.events, 10);
    const urgent = [5_001, 5_002, 5_003, 5_004, 5_005];
    h.uplink.start();
    await vi.waitFor(() => expect(new Set(tally.seqs).size).toBe(5_016), { timeout: 20_000, interval: 5 });
    for (const seq of urgent) expect(seenBefore(tally, seq)).toBeLessThan(2 * WINDOW);
    expect(seenBefore(tally, 5_006)).toBe(5_005);
    expectWholeOrderedStream(tally, 5_016, urgent);
  });

  it("a panic sent ahead whose PUBACK never came is sent ahead again on the next connection", async () => {
    let refused = 0;
    const { tally, h } = await setUp({
      authorizePublish: (_client, packet, done) => {
        const refuse = packet.topic.endsWith("/event/panic") && refused === 0;
        if (refuse) refused += 1;
        done(refuse ? new Error("district lost it") : null);
      },
    });
    appendRoutine(h.events, 5_000);
    h.events.append([panic], Date.now());
    h.uplink.start();
    await vi.waitFor(() => expect(new Set(tally.seqs).size).toBe(5_001), { timeout: 20_000, interval: 5 });
    expect(refused).toBe(1);
    expect(seenBefore(tally, 5_001)).toBeLessThan(5_000);
    expectWholeOrderedStream(tally, 5_001, [5_001]);
  });

  it("after a restart a panic acknowledged ahead of the cursor is sent again: a duplicate with its id, never a loss", async () => {
    const { d, tally, h } = await setUp();
    appendRoutine(h.events, BACKLOG);
    h.events.append([panic], Date.now());
    h.uplink.start();
    const seq = BACKLOG + 1;
    await vi.waitFor(() => expect(tally.seqs).toContain(seq), { timeout: 20_000, interval: 5 });
    await h.stop();
    const acked = firstArrivals(tally.seqs).length;
    expect(acked).toBeLessThan(seq);

    const again = uplinkHarness(testUplinkModel(d.url, { window: WINDOW }), { dir: h.dir });
    cleanups.push(() => again.dispose());
    again.uplink.start();
    await vi.waitFor(() => expect(again.uplink.state()).toMatchObject({ backlog: 0, acked_seq: seq }), { timeout: 30_000, interval: 50 });
    await vi.waitFor(() => expect(new Set(tally.seqs).size).toBe(seq), { timeout: 30_000, interval: 50 });
    expectWholeOrderedStream(tally, seq, [seq]);
    expect(tally.seqs.filter((s) => s === seq)).toHaveLength(2);
  }, 60_000);
});
