import { describe, expect, it } from "vitest";
import type { AlarmEvent } from "../../src/core/events.js";
import type { DeviceStatusInput } from "../../src/core/inputs.js";
import { MONDAY, chicago, eventsOf, harness, tick, type Step } from "../helpers/core-site.js";

const school = harness();
const T = chicago(MONDAY, "10:00");

const status = (device: string, s: DeviceStatusInput["status"], reason: string | null = null): DeviceStatusInput => ({
  kind: "device_status",
  device,
  status: s,
  reason,
});

/** [name, steps, the alarm events of the whole run]. */
const ROWS: [name: string, steps: Step[], alarms: Partial<AlarmEvent>[]][] = [
  [
    "a cut loop on a wired panic button raises panic trouble with its location",
    [[status("panic-office", "trouble", "circuit open"), T]],
    [{ alarm: "panic_trouble", active: true, device: "panic-office", door: null, location: "Front office", reason: "circuit open" }],
  ],
  [
    "a missed wireless check-in, then a second one, then the check-in restored: one alarm, one clearing",
    [
      [status("panic-gym", "trouble", "missed check-in (transmitter 7)"), T],
      [status("panic-gym", "trouble", "missed check-in (transmitter 12)"), T + 1000],
      [status("panic-gym", "online", "check-in restored"), T + 2000],
    ],
    [
      { alarm: "panic_trouble", active: true, device: "panic-gym", location: "Gym", reason: "missed check-in (transmitter 7)" },
      { alarm: "panic_trouble", active: false, device: "panic-gym", location: "Gym", reason: "check-in restored" },
    ],
  ],
  [
    "an unplugged USB panic button (offline) is panic trouble too",
    [[status("panic-nurse", "offline", "unplugged"), T]],
    [{ alarm: "panic_trouble", active: true, device: "panic-nurse", location: "Nurse", reason: "unplugged" }],
  ],
  [
    "a door reader offline raises reader_offline with its door; back online clears it",
    [
      [status("rdr-front-out", "offline", "no reply"), T],
      [status("rdr-front-out", "online"), T + 1000],
    ],
    [
      { alarm: "reader_offline", active: true, device: "rdr-front-out", door: "front", reason: "no reply" },
      { alarm: "reader_offline", active: false, device: "rdr-front-out", door: "front", reason: null },
    ],
  ],
  [
    "a fire input that cannot be read raises fire input trouble with its location; read again, it clears",
    [
      [status("fire-panel", "offline", "gpio unavailable"), T],
      [status("fire-panel", "online"), T + 1000],
    ],
    [
      { alarm: "fire_input_trouble", active: true, device: "fire-panel", door: null, location: "Fire panel", reason: "gpio unavailable" },
      { alarm: "fire_input_trouble", active: false, device: "fire-panel", door: null, location: "Fire panel", reason: null },
    ],
  ],
  ["a reader reporting trouble still reads: no alarm", [[status("rdr-lab", "trouble", "tamper"), T]], []],
  ["a device online at start raises nothing", [[status("panic-office", "online"), T], [status("rdr-lab", "online"), T]], []],
  ["a door contact offline is a device event only", [[status("dc-front", "offline", "no reply"), T]], []],
];

describe("device alarms: panic sources and readers that stop working", () => {
  it.each(ROWS)("%s", (_name, steps, alarms) => {
    const run = school.run([[tick, T - 1000], ...steps]);
    const got = eventsOf(run.effects).filter((e) => e.type === "alarm");
    expect(got).toEqual(alarms.map((a) => expect.objectContaining({ type: "alarm", ...a })));
    // Every device status is still recorded as a device event.
    expect(eventsOf(run.effects).filter((e) => e.type === "device")).toHaveLength(steps.length);
  });

  it("an alarm change republishes the site summary; a repeated status changes nothing", () => {
    const first = school.run([[status("panic-office", "trouble", "circuit open"), T]]);
    expect(first.effects).toContainEqual({ type: "site_state" });
    expect(first.state.deviceAlarms).toEqual(["panic-office"]);
    const again = school.decide(first.state, status("panic-office", "trouble", "circuit open"), T + 1000);
    expect(again.state).toBe(first.state);
    expect(again.effects).toEqual([{ type: "event", event: { type: "device", device: "panic-office", status: "trouble", reason: "circuit open" } }]);
  });
});
