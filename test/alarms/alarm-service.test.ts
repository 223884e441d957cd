import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { AlarmsStatePayload } from "../../src/bus/alarm-payloads.js";
import type { AlarmsConfig } from "../../src/config/schema-alarms.js";
import type { EventBody } from "../../src/core/events.js";
import { ALARMS_T0 as T0, alarmServiceRig } from "../helpers/alarm-service.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";

describe("the alarm service", () => {
  const cleanups = cleanupsAfterEach();

  const service = (config: Partial<AlarmsConfig> = {}, dir?: string, start?: number) => alarmServiceRig(cleanups, config, dir, start);

  const door = (action: "forced_open" | "closed", drill = false): EventBody => ({ type: "door", door: "east", action, ...(drill ? { drill } : {}) });

  it("announces nothing a shelved alarm does until the shelf ends, then its state as it stands", () => {
    const s = service();
    s.record(door("forced_open"));
    expect(s.svc.command("forced_open@east", { action: "shelve", by: "officer", ms: 10 * 60_000, reason: "contact repair" })).toMatchObject({ actions: ["shelved"] });
    expect(s.latest()).toMatchObject({ unacked: 0, alarms: [{ shelved_until: new Date(T0 + 10 * 60_000).toISOString() }] });
    s.record(door("closed"), door("forced_open"), door("closed"));
    expect(s.actions()).toEqual(["raised", "shelved"]);
    expect(s.reported.at(-1)).toMatchObject({ by: "officer", note: "contact repair" });
    s.timers.advance(10 * 60_000);
    expect(s.actions()).toEqual(["raised", "shelved", "unshelved"]);
    expect(s.reported.at(-1)).toMatchObject({ state: "returned_unacked", count: 2, by: null });
    expect(s.latest()).toMatchObject({ unacked: 1, alarms: [{ shelved_until: null, state: "returned_unacked" }] });
  });

  it("marks a drill's alarms and never escalates them, or raises none when drills suppress them", () => {
    const marked = service();
    marked.record(door("forced_open", true));
    marked.timers.advance(3600_000);
    expect(marked.actions()).toEqual(["raised"]);
    expect(marked.reported[0]).toMatchObject({ drill: true });
    expect(marked.latest()?.alarms[0]).toMatchObject({ drill: true, escalated_at: null });

    const suppressed = service({ drills: "suppress" });
    suppressed.record(door("forced_open", true), door("closed", true));
    expect(suppressed.reported).toEqual([]);
    expect(suppressed.latest()).toEqual({ alarms: [], unacked: 0 });
  });

  it("says in state/alarms which alarms are latched, so a console offers no shelf for them", () => {
    const s = service();
    s.record({ type: "alarm", alarm: "fire", active: true, device: "fire-panel", door: null, location: null, until: null }, door("forced_open"));
    const latest = AlarmsStatePayload.parse(s.latest());
    expect(latest.alarms.map((a) => [a.alarm, a.latched])).toEqual([
      ["fire@fire-panel", true],
      ["forced_open@east", false],
    ]);
    expect(s.svc.command("fire@fire-panel", { action: "shelve", by: "officer", ms: 60_000, reason: "test" })).toBe("not_shelvable");
  });

  it("raises no alarm for a kind kept in the journal only (a clock step, by default)", () => {
    const s = service();
    s.record({ type: "alarm", alarm: "clock_jump", active: true, device: "system_clock", door: null, location: null, until: null });
    expect(s.reported).toEqual([]);
    const strict = service({ journal_only: [] });
    strict.record({ type: "alarm", alarm: "clock_jump", active: true, device: "system_clock", door: null, location: null, until: null });
    expect(strict.actions()).toEqual(["raised", "returned"]);
  });

  it("does not hear its own moves as conditions", () => {
    const s = service();
    s.record(door("forced_open"));
    s.record(...s.reported);
    expect(s.actions()).toEqual(["raised"]);
  });

  it("escalates at the configured time and finds its alarms in the store after a restart", () => {
    const first = service({ escalate_after_s: 30 });
    first.record({ type: "alarm", alarm: "fire", active: true, device: "fire-panel", door: null, location: "Boiler room", until: null });
    first.timers.advance(29_000);
    expect(first.actions()).toEqual(["raised"]);
    first.svc.stop();
    const second = service({ escalate_after_s: 30 }, first.dir, first.timers.now());
    second.timers.advance(999);
    expect(second.actions()).toEqual([]);
    expect(second.latest()).toMatchObject({ unacked: 1, alarms: [{ alarm: "fire@fire-panel", location: "Boiler room", priority: "critical" }] });
    second.timers.advance(1000);
    expect(second.actions()).toEqual(["escalated"]);
  });

  it("starts with the alarms it can read when a stored one cannot be read", () => {
    const first = service();
    first.record(door("forced_open"));
    const raw = new Database(join(first.dir, "audit.db"));
    raw.prepare("INSERT INTO alarms (instance, alarm, kind, source, priority, state, raised_at, body, updated_at) VALUES ('x', 'fire@fp', 'fire', 'fp', 'critical', 'active_unacked', 't', '{not json', 't')").run();
    raw.close();
    first.svc.stop();
    const second = service({}, first.dir);
    expect(second.latest()?.alarms.map((a) => a.alarm)).toEqual(["forced_open@east"]);
  });
});
