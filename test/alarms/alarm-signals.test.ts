import { describe, expect, it } from "vitest";
import { alarmSignalsOf } from "../../src/alarms/alarm-signals.js";
import type { EventBody } from "../../src/core/events.js";

const fire = (active: boolean, drill = false): EventBody => ({ type: "alarm", alarm: "fire", active, device: "fp", door: null, location: "Boiler room", until: null, ...(drill ? { drill } : {}) });
const mode = (action: "raised" | "cleared", m: string, previous: string): EventBody => ({
  type: "mode", action, mode: m, previous, drill: false, silent: false, by: "admin", actor: null, location: null, reason: null,
});

type VisitorEvent = Extract<EventBody, { type: "visitor" }>;
const visit = (action: VisitorEvent["action"], decision: VisitorEvent["decision"] = null, visitor_id: string | null = "v-1"): EventBody => ({
  type: "visitor", action, visitor_id, destination: "gym", by: "officer", decision, on_site: 0, purged: null,
});

/** [what, event, signals as kind@source:on|off]. */
const ROWS: readonly [string, EventBody, string[]][] = [
  ["a forced door begins forced_open", { type: "door", door: "east", action: "forced_open" }, ["forced_open@east:on"]],
  ["a held door begins held_open", { type: "door", door: "east", action: "held_open" }, ["held_open@east:on"]],
  ["a closed door ends both", { type: "door", door: "east", action: "closed" }, ["forced_open@east:off", "held_open@east:off"]],
  ["an opened door is nothing", { type: "door", door: "east", action: "opened" }, []],
  ["a fire input begins and ends fire", fire(true), ["fire@fp:on"]],
  ["a fire input ending", fire(false), ["fire@fp:off"]],
  ["a reader lockout is at its door", { type: "alarm", alarm: "reader_lockout", active: true, device: "rdr-1", door: "east", location: null, until: null }, ["reader_lockout@east:on"]],
  ["a clock step is momentary", { type: "alarm", alarm: "clock_jump", active: true, device: "system_clock", door: null, location: null, until: null }, ["clock_jump@system_clock:on", "clock_jump@system_clock:off"]],
  ["a panic press is momentary", { type: "panic", device: "pb", location: "Office", mode: "lockdown", silent: true }, ["panic@pb:on", "panic@pb:off"]],
  ["a screening alarm is momentary", { type: "screening", device: "md", location: "Lane", result: "alarm", zones: [2], passages: null, alarms: null }, ["screening@md:on", "screening@md:off"]],
  ["a clean passage is nothing", { type: "screening", device: "md", location: "Lane", result: "passage", zones: [], passages: null, alarms: null }, []],
  ["a device in trouble", { type: "device", device: "rdr-1", status: "trouble", reason: "tamper" }, ["device_trouble@rdr-1:on"]],
  ["a device back online", { type: "device", device: "rdr-1", status: "online", reason: null }, ["device_trouble@rdr-1:off"]],
  ["a lockdown raised", mode("raised", "lockdown", "normal"), ["lockdown@site:on"]],
  ["a lockdown cleared", mode("cleared", "normal", "lockdown"), ["lockdown@site:off"]],
  ["another mode is nothing", mode("raised", "hold", "normal"), []],
  ["a held visitor waits for an officer", visit("held"), ["visitor_held@v-1:on"]],
  ["an escalated hold is raised again as its own alarm", visit("decided", "escalate"), ["visitor_escalated@v-1:on"]],
  ["a cleared hold ends both", visit("decided", "clear"), ["visitor_held@v-1:off", "visitor_escalated@v-1:off"]],
  ["a confirmed hold ends both", visit("decided", "confirm"), ["visitor_held@v-1:off", "visitor_escalated@v-1:off"]],
  ["a refused visitor is a momentary watch list hit", visit("refused"), ["watchlist_hit@v-1:on", "watchlist_hit@v-1:off"]],
  ["the end of the school day ends a hold's alarms", visit("auto_signed_out"), ["visitor_held@v-1:off", "visitor_escalated@v-1:off"]],
  ["a sign-in is nothing", visit("signed_in"), []],
  ["a purge is nothing", visit("purged", null, null), []],
];

describe("which events raise and end alarms", () => {
  it.each(ROWS)("%s", (_what, event, expected) => {
    expect(alarmSignalsOf(event).map((s) => `${s.kind}@${s.source}:${s.active ? "on" : "off"}`)).toEqual(expected);
  });

  it("carries the drill mark and the location", () => {
    expect(alarmSignalsOf(fire(true, true))).toEqual([{ kind: "fire", source: "fp", location: "Boiler room", active: true, drill: true }]);
  });
});
