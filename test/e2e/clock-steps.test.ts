import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { encodeBits } from "../../src/core/badge.js";
import type { StoredEvent } from "../../src/core/events.js";
import type { Input } from "../../src/core/inputs.js";
import { realHardware } from "../../src/drivers/hardware.js";
import { doorById } from "../../src/core/state.js";
import { siteSummary } from "../../src/core/site-summary.js";
import { silentLogger } from "../../src/util/log.js";
import { startGateway, type Gateway } from "../../src/main.js";
import type { ClockSyncSource } from "../../src/runtime/clock-sync.js";
import { CHECK_MS } from "../../src/runtime/clock-watch.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { demoModel, SCHOOL_HOURS } from "../helpers/demo-site.js";
import { hardwareOn } from "../helpers/hardware.js";
import { ManualTimers } from "../helpers/manual-timers.js";

const HOUR = 3_600_000;
const PAT = { kind: "badge", reader: "rdr-east-ext", read: { kind: "bits", bits: encodeBits("h10301", 123, 45678) } } as const;
const UNKNOWN = { kind: "badge", reader: "rdr-east-ext", read: { kind: "bits", bits: encodeBits("h10301", 99, 1) } } as const;
/** Monday 2026-11-23 07:45 in Chicago: the main door stands unlocked for morning entry (07:30-08:15). */
const MORNING_ENTRY = Date.parse("2026-11-23T13:45:00Z");

/** Manual timers whose wall clock can be stepped, as NTP or an operator steps it; timers run on. */
class SteppingTimers extends ManualTimers {
  private stepped = 0;

  /** The wall clock, stepped. */
  override now(): number {
    return super.now() + this.stepped;
  }

  /** Time as it passes, untouched by steps. */
  monotonic(): number {
    return super.now();
  }

  /** Step the wall clock by `ms` (negative: back). */
  step(ms: number): void {
    this.stepped += ms;
  }
}

/** Every event in the audit store, as stored. */
function storedEvents(path: string): StoredEvent[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT body FROM events ORDER BY seq").all() as { body: string }[]).map((r) => JSON.parse(r.body) as StoredEvent);
  } finally {
    db.close();
  }
}

describe("a wall clock stepped by an hour", () => {
  const cleanups = cleanupsAfterEach();

  async function boot(start = SCHOOL_HOURS, clockSync: ClockSyncSource = async () => true) {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const timers = new SteppingTimers(start);
    const gateway: Gateway = await startGateway({
      model: site.model,
      log: silentLogger(),
      hardware: { ...realHardware(), clock: { timers, monotonic: () => timers.monotonic() } },
      clockSync,
    });
    cleanups.push(() => gateway.stop());
    const submit = (input: Input) => gateway.engine.submit(input);
    const door = (id: string) => doorById(site.model.core, gateway.engine.current, id);
    const stored = () => storedEvents(site.model.storagePath);
    return { timers, submit, door, stored };
  }

  it("a clock stepped back does not postpone a 5 s relock by an hour", async () => {
    const { timers, submit, door } = await boot();
    expect(submit(PAT).events[0]).toMatchObject({ type: "access", result: "granted" });
    expect(door("east")?.locked).toBe(false);
    timers.step(-HOUR);
    timers.advance(4999);
    expect(door("east")?.locked).toBe(false);
    timers.advance(1);
    expect(door("east")?.locked).toBe(true);
  });

  it.each([
    ["forward", HOUR],
    ["back", -HOUR],
  ])("a clock stepped %s neither hastens nor postpones held-open", async (_dir, step) => {
    const { timers, submit, door } = await boot();
    submit(PAT);
    submit({ kind: "contact", device: "dc-east", open: true });
    timers.step(step);
    // The east door holds open for the default 30 s before it alarms.
    timers.advance(29_999);
    expect(door("east")?.alarm).toBe("none");
    timers.advance(1);
    expect(door("east")?.alarm).toBe("held_open");
  });

  it.each([
    ["forward", HOUR],
    ["back", -HOUR],
  ])("a clock stepped %s neither ends nor lengthens a reader lockout", async (_dir, step) => {
    const { timers, submit } = await boot();
    // The demo locks a reader out for 30 s after 5 invalid reads.
    for (let i = 0; i < 5; i++) submit(UNKNOWN);
    timers.step(step);
    timers.advance(29_999);
    expect(submit(PAT).events[0]).toMatchObject({ result: "denied", reason: "reader_locked_out" });
    timers.advance(1);
    expect(submit(PAT).events[0]).toMatchObject({ result: "granted" });
  });

  it("a clock stepped back does not postpone the lockdown of a held panic button by an hour", async () => {
    const { timers, submit, stored } = await boot();
    submit({ kind: "panic", device: "panic-office", pressed: true });
    timers.step(-HOUR);
    // The demo's office button triggers when held for 500 ms.
    timers.advance(500);
    expect(stored()).toContainEqual(expect.objectContaining({ type: "mode", action: "raised", mode: "lockdown", by: "panic" }));
  });

  it("a clock stepped back into morning entry records clock_jump and unlocks the main door by schedule", async () => {
    const { timers, door, stored } = await boot(Date.parse("2026-11-23T14:50:00Z"));
    expect(door("main-outer")?.locked).toBe(true);
    timers.step(-HOUR);
    timers.advance(CHECK_MS);
    expect(door("main-outer")?.locked).toBe(false);
    const events = stored();
    expect(events).toContainEqual(expect.objectContaining({ type: "alarm", alarm: "clock_jump", active: true }));
    expect(events.at(-1)).toMatchObject({ type: "door", door: "main-outer", action: "unlocked", cause: "schedule" });
    // The record carries the stepped wall time: 07:50 Chicago.
    expect(events.at(-1)?.ts).toBe(new Date(Date.parse("2026-11-23T13:50:00Z") + CHECK_MS).toISOString());
  });

  it("a clock stepped forward out of morning entry relocks the main door at once, not at 08:15 steady time", async () => {
    const { timers, door } = await boot(MORNING_ENTRY);
    expect(door("main-outer")?.locked).toBe(false);
    timers.step(HOUR);
    timers.advance(CHECK_MS);
    expect(door("main-outer")?.locked).toBe(true);
  });
});

describe("one clock for every time the gateway writes", () => {
  const cleanups = cleanupsAfterEach();

  it("regression: state/site's mode_since and the mode event's ts differed while the wall clock slewed", async () => {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const timers = new SteppingTimers(SCHOOL_HOURS);
    const gateway = await startGateway({
      model: site.model,
      log: silentLogger(),
      hardware: { ...realHardware(), clock: { timers, monotonic: () => timers.monotonic() } },
      clockSync: async () => true,
    });
    cleanups.push(() => gateway.stop());
    // NTP slews the wall clock away from steady time, by less than a step.
    timers.step(CHECK_MS / 2 + 237);
    timers.advance(CHECK_MS);
    const raise = { kind: "mode_request", action: "raise", mode: "lockdown", drill: false, reason: null, location: null } as const;
    const { events } = gateway.engine.submit({ ...raise, by: { name: "admin", actor: "officer-1", source: "local" } });
    const mode = events.find((e) => e.type === "mode");
    expect(mode).toBeDefined();
    expect(siteSummary(site.model.core, gateway.engine.current).mode_since).toBe(mode?.ts);
  });
});

describe("a wall clock the time source calls unsynchronised", () => {
  const cleanups = cleanupsAfterEach();

  async function boot(clockSync: ClockSyncSource) {
    const site = demoModel();
    cleanups.push(site.cleanup);
    const timers = new ManualTimers(SCHOOL_HOURS);
    const gateway = await startGateway({ model: site.model, log: silentLogger(), hardware: hardwareOn(timers), clockSync });
    cleanups.push(() => gateway.stop());
    return { gateway, stored: () => storedEvents(site.model.storagePath) };
  }

  it("raises clock_unsynced and marks the events recorded while unsynced", async () => {
    const { gateway, stored } = await boot(async () => false);
    await vi.waitFor(() => expect(stored()).toContainEqual(expect.objectContaining({ type: "alarm", alarm: "clock_unsynced", active: true })));
    const { events } = gateway.engine.submit(PAT);
    expect(events[0]).toMatchObject({ type: "access", result: "granted", clock_unsynced: true });
  });

  it("raises nothing and marks nothing when the source cannot tell (unknown is not unsynced)", async () => {
    const asked = vi.fn(async () => null);
    const { gateway, stored } = await boot(asked);
    await vi.waitFor(() => expect(asked).toHaveBeenCalled());
    const { events } = gateway.engine.submit(PAT);
    expect(events[0]).not.toHaveProperty("clock_unsynced");
    expect(stored().filter((e) => e.type === "alarm")).toEqual([]);
  });
});
