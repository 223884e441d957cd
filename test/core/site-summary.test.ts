import { describe, expect, it } from "vitest";
import { siteSummary, type SiteSummary } from "../../src/core/site-summary.js";
import type { Input } from "../../src/core/inputs.js";
import { CARDS, MONDAY, badge, chicago, contact, fire, harness, panic, raise, tick, type Step } from "../helpers/core-site.js";

const status = (device: string, s: "online" | "offline" | "trouble", reason: string | null = null): Input => ({
  kind: "device_status",
  device,
  status: s,
  reason,
});

const school = harness();
/** Monday 17:00 in Chicago: after every schedule, every door locked. */
const T = chicago(MONDAY, "17:00");

const QUIET: SiteSummary = {
  mode: "normal",
  drill: false,
  silent: false,
  mode_since: null,
  fire_alarm: false,
  strobes: false,
  exterior_secure: true,
  doors_not_secure: [],
  doors_in_alarm: [],
  doors_unlocked: [],
  panic_coverage: "full",
  panic_trouble: [],
  fire_coverage: "full",
  fire_trouble: [],
};

/** [name, inputs from the start, the summary expected after them]. */
const ROWS: [name: string, steps: Step[], expected: SiteSummary][] = [
  ["a quiet evening: every door closed and locked", [[tick, T]], QUIET],
  [
    "an exterior door standing open after a grant",
    [[tick, T], [badge("rdr-front-out", CARDS.staff.bits), T + 1000], [contact("dc-front", true), T + 2000]],
    { ...QUIET, exterior_secure: false, doors_not_secure: ["front"], doors_unlocked: ["front"] },
  ],
  [
    "an exterior door unlocked by its schedule, closed",
    [[tick, chicago(MONDAY, "08:05")]],
    { ...QUIET, exterior_secure: false, doors_not_secure: ["front"], doors_unlocked: ["front", "library"] },
  ],
  [
    "an exterior door relocked while it stands open",
    [[tick, T], [badge("rdr-front-out", CARDS.staff.bits), T + 1000], [contact("dc-front", true), T + 2000], [tick, T + 6000]],
    { ...QUIET, exterior_secure: false, doors_not_secure: ["front"] },
  ],
  [
    "an interior door locked but forced open",
    [[tick, T], [contact("dc-lab", true), T + 1000]],
    { ...QUIET, doors_not_secure: ["lab"], doors_in_alarm: ["lab"] },
  ],
  [
    "a silent lockdown",
    [[tick, T], [panic("panic-nurse", true), T + 1000]],
    { ...QUIET, mode: "lockdown", silent: true, mode_since: new Date(T + 1000).toISOString() },
  ],
  [
    "a lockdown drill",
    [[tick, T], [raise("lockdown", "admin", { drill: true }), T + 1000]],
    { ...QUIET, mode: "lockdown", drill: true, strobes: true, mode_since: new Date(T + 1000).toISOString() },
  ],
  [
    "a fire alarm: egress doors released, so the exterior is not secure",
    [[tick, T], [fire("fire-panel", true), T + 1000]],
    { ...QUIET, fire_alarm: true, exterior_secure: false, doors_not_secure: ["side"], doors_unlocked: ["side", "library"] },
  ],
  [
    "a panic loop cut: panic coverage degraded, naming the button",
    [[tick, T], [status("panic-gym", "trouble", "circuit open"), T + 1000]],
    { ...QUIET, panic_coverage: "degraded", panic_trouble: ["panic-gym"] },
  ],
  [
    "a panic button back online: full coverage again",
    [[tick, T], [status("panic-gym", "trouble", "circuit open"), T + 1000], [status("panic-gym", "online", "circuit restored"), T + 2000]],
    QUIET,
  ],
  [
    "a fire input's loop cut: fire coverage degraded, naming the input; panic coverage untouched",
    [[tick, T], [status("fire-panel", "trouble", "circuit open"), T + 1000]],
    { ...QUIET, fire_coverage: "degraded", fire_trouble: ["fire-panel"] },
  ],
  [
    "a fire input back online: full fire coverage again",
    [[tick, T], [status("fire-panel", "offline", "gpio unavailable"), T + 1000], [status("fire-panel", "online", null), T + 2000]],
    QUIET,
  ],
  [
    "a door reader offline does not touch panic coverage",
    [[tick, T], [status("rdr-lab", "offline", "no reply"), T + 1000]],
    QUIET,
  ],
];

describe("siteSummary", () => {
  it.each(ROWS)("%s", (_name, steps, expected) => {
    expect(siteSummary(school.model, school.run(steps).state)).toEqual(expected);
  });
});
