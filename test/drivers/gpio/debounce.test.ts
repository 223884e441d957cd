import { describe, expect, it } from "vitest";
import { Debouncer } from "../../../src/drivers/gpio/debounce.js";
import { ManualTimers } from "../../helpers/manual-timers.js";

/** A line whose level the test sets, feeding a debouncer with an edge per change. */
function setup(ms: number, initial = false) {
  const timers = new ManualTimers();
  let level = initial;
  const changes: boolean[] = [];
  let glitches = 0;
  const d = new Debouncer(
    { ms, timers, initial, sample: () => level },
    { change: (a) => changes.push(a), glitch: () => glitches++ },
  );
  const set = (l: boolean) => {
    level = l;
    d.edge();
  };
  return { timers, d, set, changes, glitches: () => glitches };
}

describe("debouncing a contact", () => {
  it("turns a burst of bounces within the window into one change", () => {
    const s = setup(30);
    for (const l of [true, false, true, false, true]) {
      s.set(l);
      s.timers.advance(3);
    }
    expect(s.changes).toEqual([]);
    s.timers.advance(29);
    expect(s.changes).toEqual([true]);
    expect(s.d.state).toBe(true);
  });

  it("reports a real press after the window as another change", () => {
    const s = setup(30);
    s.set(true);
    s.timers.advance(31);
    s.set(false);
    s.timers.advance(31);
    s.set(true);
    s.timers.advance(31);
    expect(s.changes).toEqual([true, false, true]);
  });

  it("waits for quiet: each edge restarts the window", () => {
    const s = setup(30);
    s.set(true);
    s.timers.advance(29);
    s.set(false);
    s.timers.advance(29);
    s.set(true);
    s.timers.advance(29);
    expect(s.changes).toEqual([]);
    s.timers.advance(1);
    expect(s.changes).toEqual([true]);
  });

  it("counts a pulse that settles back where it was as a glitch, not a change", () => {
    const s = setup(30);
    s.set(true);
    s.timers.advance(10);
    s.set(false);
    s.timers.advance(100);
    expect(s.changes).toEqual([]);
    expect(s.glitches()).toBe(1);
  });

  it("samples the line when the window closes, so a missed last edge does no harm", () => {
    const timers = new ManualTimers();
    let level = false;
    const changes: boolean[] = [];
    const d = new Debouncer({ ms: 20, timers, initial: false, sample: () => level }, { change: (a) => changes.push(a), glitch: () => undefined });
    d.edge();
    level = true;
    timers.advance(20);
    expect(changes).toEqual([true]);
  });

  it("passes edges straight through with a window of 0", () => {
    const s = setup(0);
    s.set(true);
    s.set(false);
    expect(s.changes).toEqual([true, false]);
  });

  it("ignores edges and pending windows after stop", () => {
    const s = setup(30);
    s.set(true);
    s.d.stop();
    s.timers.advance(100);
    s.set(false);
    s.timers.advance(100);
    expect(s.changes).toEqual([]);
  });
});
