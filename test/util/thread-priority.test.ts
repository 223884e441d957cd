import { execFileSync } from "node:child_process";
import { getPriority } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** SCHED_OTHER and SCHED_IDLE, as /proc reports them. */
const NORMAL = 0;
const IDLE = 5;

interface Report {
  done: { idle: number; nice: number; none: number };
  main: { nice: number; policy: number };
  others: { nice: number; policy: number }[];
}

/** Run the probe in a process of its own: it changes how its whole process is scheduled. */
function probe(...args: string[]): Report {
  const file = fileURLToPath(new URL("../helpers/background-probe.ts", import.meta.url));
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", file, ...args], { encoding: "utf8" })) as Report;
}

describe("backgroundOtherThreads", () => {
  // The probe's main thread starts as the thread that spawns it.
  const main = { nice: getPriority(), policy: NORMAL };

  it("puts every thread but the caller in the idle class, and leaves the caller as it was", () => {
    const report = probe();
    expect(report.others.length).toBeGreaterThan(0);
    expect(report.others.every((t) => t.policy === IDLE)).toBe(true);
    expect(report.done).toEqual({ idle: report.others.length, nice: 0, none: 0 });
    expect(report.main).toEqual(main);
  });

  it("falls back to nice 19 for them where the idle class cannot be set", () => {
    const report = probe("without-chrt");
    expect(report.others.every((t) => t.policy === NORMAL && t.nice === 19)).toBe(true);
    expect(report.done).toEqual({ idle: 0, nice: report.others.length, none: 0 });
    expect(report.main).toEqual(main);
  });
});
