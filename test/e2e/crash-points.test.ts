import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCrashPoints } from "../../scripts/crash/run.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("kill -9 at random points of a busy gateway (a short run of `npm run crash-test`)", () => {
  // Correctness only: CI runs 200 points against the build alone on the machine and holds the restart
  // to its one-second bound; here the suite's other workers share the cores.
  it("keeps the store intact and contiguous, keeps every event a subscriber saw, and comes back at the committed mode", async () => {
    const report = await runCrashPoints({ points: 3, seed: 20261205, entry: "src", root: ROOT });
    expect(report.failures).toEqual([]);
    expect(report.startToSafeMs).toHaveLength(4);
    expect(report.events).toBeGreaterThan(0);
  }, 120_000);
});
