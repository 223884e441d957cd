import { describe, expect, it } from "vitest";
import type { BackoffPolicy } from "../../src/util/backoff.js";
import {
  RECONNECT_TRANSITIONS,
  Reconnector,
  type ReconnectEvent,
  type ReconnectState,
  type ReconnectTransition,
} from "../../src/util/reconnect.js";
import { ManualTimers } from "../helpers/manual-timers.js";

/** Manual timers that know which of their timers are still pending. */
class CountingTimers extends ManualTimers {
  readonly live = new Set<unknown>();
  override setTimeout(fn: () => void, ms: number): unknown {
    const handle: unknown = super.setTimeout(() => {
      this.live.delete(handle);
      fn();
    }, ms);
    this.live.add(handle);
    return handle;
  }
  override clearTimeout(handle: unknown): void {
    this.live.delete(handle);
    super.clearTimeout(handle);
  }
}

const POLICY: BackoffPolicy = { minMs: 100, maxMs: 400, jitter: 0 };
const STATES: readonly ReconnectState[] = ["idle", "opening", "open", "lost", "waiting", "stopped"];
const EVENTS: readonly ReconnectEvent[] = ["start", "opened", "down", "retry", "due", "halt", "stop"];

/** Every allowed move, written out by hand: anything else is refused. */
const ALLOWED = `
  idle start opening | idle stop stopped
  opening opened open | opening down lost | opening halt idle | opening stop stopped
  open down lost | open stop stopped
  lost retry waiting | lost halt idle | lost stop stopped
  waiting due opening | waiting stop stopped
  stopped start opening | stopped stop stopped`;
const allowed = new Map(
  ALLOWED.split(/[|\n]/)
    .map((row) => row.trim().split(/\s+/))
    .filter((row) => row.length === 3)
    .map(([from, event, to]) => [`${from} ${event}`, to as ReconnectState]),
);

/** A machine on counting timers, its transitions recorded and its `retry` callbacks counted. */
function machine() {
  const timers = new CountingTimers();
  const m = new Reconnector({ timers, backoff: POLICY, random: () => 0 });
  const seen: ReconnectTransition[] = [];
  m.watch((t) => seen.push(t));
  const calls = { due: 0 };
  return { m, timers, seen, calls };
}

/** The events that bring a new machine to `state`. */
const PATHS: Record<ReconnectState, readonly ReconnectEvent[]> = {
  idle: [],
  opening: ["start"],
  open: ["start", "opened"],
  lost: ["start", "down"],
  waiting: ["start", "down", "retry"],
  stopped: ["stop"],
};

/** Fire `event` at the machine; true when it moved. `due` is the retry timer firing. */
function fire(h: ReturnType<typeof machine>, event: ReconnectEvent): boolean {
  const before = h.seen.length;
  switch (event) {
    case "start":
      return h.m.start();
    case "opened":
      return h.m.opened();
    case "down":
      return h.m.down();
    case "retry":
      return h.m.retry(() => h.calls.due++) !== null;
    case "due":
      h.timers.advance(POLICY.maxMs);
      return h.seen.length > before;
    case "halt":
      return h.m.halt();
    case "stop":
      h.m.stop();
      return h.seen.length > before;
  }
}

function machineIn(state: ReconnectState) {
  const h = machine();
  for (const e of PATHS[state]) expect(fire(h, e)).toBe(true);
  expect(h.m.state).toBe(state);
  return h;
}

describe("the reconnect state machine", () => {
  it("its table is the one written out here", () => {
    const table = STATES.flatMap((from) => EVENTS.flatMap((event) => {
      const to = RECONNECT_TRANSITIONS[from][event];
      return to === undefined ? [] : [[`${from} ${event}`, to] as const];
    }));
    expect(new Map(table)).toEqual(allowed);
  });

  it.each(STATES.flatMap((s) => EVENTS.map((e) => [s, e] as const)))("in %s, %s moves as the table says or is refused", (state, event) => {
    const h = machineIn(state);
    const before = h.seen.length;
    const to = allowed.get(`${state} ${event}`);
    expect(fire(h, event)).toBe(to !== undefined);
    expect(h.m.state).toBe(to ?? state);
    if (to === undefined) expect(h.seen.length).toBe(before);
    else expect(h.seen.at(-1)).toMatchObject({ from: state, to, event });
  });

  it.each(STATES)("stop from %s ends in stopped with no timer left, and a due retry never runs", (state) => {
    const h = machineIn(state);
    const left = h.m.stop();
    expect(left).toBe(state);
    expect(h.m.state).toBe("stopped");
    expect(h.timers.live.size).toBe(0);
    h.timers.advance(60_000);
    expect(h.calls.due).toBe(0);
    expect(h.m.state).toBe("stopped");
  });

  it("retries on the backoff, counts attempts until open, and starts over once open", () => {
    const h = machineIn("opening");
    const delays: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      h.m.down();
      delays.push(h.m.retry(() => h.calls.due++));
      expect(h.timers.live.size).toBe(1);
      h.timers.advance(delays.at(-1) ?? 0);
      expect(h.m.state).toBe("opening");
    }
    expect(delays).toEqual([100, 200, 400, 400]);
    expect(h.calls.due).toBe(4);
    expect(h.m.attempt).toBe(4);
    expect(h.seen.filter((t) => t.event === "retry").map((t) => t.delayMs)).toEqual([100, 200, 400, 400]);
    expect(h.seen.filter((t) => t.to === "opening").map((t) => t.attempt)).toEqual([0, 1, 2, 3, 4]);
    h.m.opened();
    expect([h.m.attempt, h.m.opens]).toEqual([0, 1]);
    h.m.down();
    expect(h.m.retry(() => h.calls.due++)).toBe(100);
    h.timers.advance(100);
    h.m.opened();
    expect(h.m.opens).toBe(2);
    expect(h.timers.live.size).toBe(0);
  });

  it("a retry is refused but from lost, and schedules nothing then", () => {
    for (const state of STATES.filter((s) => s !== "lost")) {
      const h = machineIn(state);
      const pending = h.timers.live.size;
      expect(h.m.retry(() => h.calls.due++)).toBeNull();
      expect(h.timers.live.size).toBe(pending);
      expect(h.m.attempt).toBe(state === "waiting" ? 1 : 0);
    }
  });

  it("a watcher stops hearing once it unsubscribes", () => {
    const h = machine();
    const heard: ReconnectState[] = [];
    const unwatch = h.m.watch((t) => heard.push(t.to));
    h.m.start();
    unwatch();
    h.m.opened();
    expect(heard).toEqual(["opening"]);
    expect(h.seen.map((t) => t.to)).toEqual(["opening", "open"]);
  });
});
