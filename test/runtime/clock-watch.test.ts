import { describe, expect, it, vi } from "vitest";
import type { Input } from "../../src/core/inputs.js";
import { silentLogger } from "../../src/util/log.js";
import { CHECK_MS, ClockWatch, JUMP_THRESHOLD_MS, SYNC_CHECK_MS } from "../../src/runtime/clock-watch.js";
import type { ClockSyncSource } from "../../src/runtime/clock-sync.js";
import { SteadyClock } from "../../src/time/steady-clock.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { ManualTimers } from "../helpers/manual-timers.js";

/** A wall clock that can be stepped over manual timers, and a watch over it that collects what it submits. */
function watched(sync: ClockSyncSource = async () => null) {
  const timers = new ManualTimers();
  let stepped = 0;
  const wall = { now: () => timers.now() + stepped, setTimeout: timers.setTimeout.bind(timers), clearTimeout: timers.clearTimeout.bind(timers) };
  const clock = new SteadyClock(wall, () => timers.now());
  const inputs: Input[] = [];
  const watch = new ClockWatch({ clock, submit: (i) => inputs.push(i), sync, log: silentLogger() });
  return { timers, clock, inputs, watch, step: (ms: number) => (stepped += ms) };
}

describe("the clock watch", () => {
  const cleanups = cleanupsAfterEach();

  it("reports a step beyond the threshold once, with the new offset, and not the drift below it", () => {
    const w = watched();
    cleanups.push(() => w.watch.stop());
    w.watch.start();
    w.step(JUMP_THRESHOLD_MS);
    w.timers.advance(CHECK_MS);
    expect(w.inputs.filter((i) => i.kind === "clock_jump")).toEqual([]);
    w.step(-3_600_000);
    w.timers.advance(CHECK_MS * 3);
    const offsetMs = JUMP_THRESHOLD_MS - 3_600_000;
    expect(w.inputs.filter((i) => i.kind === "clock_jump")).toEqual([{ kind: "clock_jump", offsetMs, stepMs: offsetMs }]);
    expect(w.clock.offset()).toBe(offsetMs);
  });

  it("reports sync changes only, takes a failing source for unknown, and asks again every SYNC_CHECK_MS", async () => {
    const answers: (boolean | null | Error)[] = [true, false, new Error("no timedatectl"), false, true];
    const sync = vi.fn(async () => {
      const a = answers.shift() ?? null;
      if (a instanceof Error) throw a;
      return a;
    });
    const w = watched(sync);
    cleanups.push(() => w.watch.stop());
    w.watch.start();
    for (let i = 1; i < 5; i++) {
      await vi.waitFor(() => expect(sync).toHaveBeenCalledTimes(i));
      w.timers.advance(SYNC_CHECK_MS);
    }
    await vi.waitFor(() => expect(sync).toHaveBeenCalledTimes(5));
    await vi.waitFor(() => expect(w.inputs).toHaveLength(3));
    expect(w.inputs).toEqual([
      { kind: "clock_sync", synced: true },
      { kind: "clock_sync", synced: false },
      { kind: "clock_sync", synced: true },
    ]);
  });
});
