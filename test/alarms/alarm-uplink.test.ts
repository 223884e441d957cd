import { describe, expect, it, vi } from "vitest";
import { fireAlarmMove as move } from "../helpers/alarm-moves.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { startAedesDistrict } from "../helpers/district-broker.js";
import { appendRoutine, districtSubscriber, firstArrivals, testUplinkModel, uplinkHarness } from "../helpers/uplink-harness.js";

/** The shipped window: how many routine events may be in flight ahead of an urgent one. */
const WINDOW = 100;
const BACKLOG = 5_000;

describe("an unanswered alarm at the district", () => {
  const cleanups = cleanupsAfterEach();

  it("its escalation goes out ahead of a backlog; the other moves wait their turn", async () => {
    const d = await startAedesDistrict();
    cleanups.push(() => d.dispose());
    const sub = await districtSubscriber(d.url, "district-console");
    cleanups.push(() => void sub.client.end(true));
    const h = uplinkHarness(testUplinkModel(d.url, { window: WINDOW }));
    cleanups.push(() => h.dispose());
    appendRoutine(h.events, BACKLOG);
    h.events.append([move("raised"), move("escalated")], Date.now());
    h.uplink.start();
    await vi.waitFor(() => expect(new Set(sub.tally.seqs).size).toBe(BACKLOG + 2), { timeout: 20_000, interval: 5 });
    const first = firstArrivals(sub.tally.seqs);
    expect(first.indexOf(BACKLOG + 2)).toBeLessThan(2 * WINDOW);
    expect(first.indexOf(BACKLOG + 1)).toBeGreaterThan(first.indexOf(BACKLOG));
  });
});
