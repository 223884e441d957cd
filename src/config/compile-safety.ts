import { type DoorModel, type DoorPolicy, type Mode, type ModeModel, RAISED_MODES, type Role, type SafetyModel } from "../core/model.js";
import { DEFAULT_MODES } from "./safety-defaults.js";
import type { SafetyConfig } from "./schema-safety.js";

type RuleList = (typeof DEFAULT_MODES)["lockdown"]["doors"];

/** Principal names that name the same principal: `operator` is the deprecated name of `officer`. */
const ALIASES: readonly (readonly string[])[] = [["officer", "operator"]];

/** The principals a right is granted to, each alias with its current name and back. */
function principals(names: readonly string[]): Set<string> {
  const set = new Set(names);
  for (const group of ALIASES) if (group.some((n) => set.has(n))) for (const n of group) set.add(n);
  return set;
}

/** A mode's policy for one door: the last rule that names one of its groups (or "*") wins. */
function doorPolicy(rules: RuleList, door: DoorModel): DoorPolicy | null {
  let policy: DoorPolicy | null = null;
  for (const rule of rules) {
    if (!rule.groups.some((g) => g === "*" || door.groups.includes(g))) continue;
    policy = {
      lock: rule.lock,
      allowRoles: rule.allow_roles === undefined ? null : new Set<Role>(rule.allow_roles),
    };
  }
  return policy;
}

/** Each mode's rules: the shipped defaults, field by field replaced by the site's. */
function compileModes(config: SafetyConfig, doors: ReadonlyMap<string, DoorModel>): Map<Mode, ModeModel> {
  const modes = new Map<Mode, ModeModel>();
  for (const mode of RAISED_MODES) {
    const site = config.modes[mode] ?? {};
    const defaults = DEFAULT_MODES[mode];
    const rules = {
      priority: site.priority ?? defaults.priority,
      raise: site.raise ?? defaults.raise,
      clear: site.clear ?? defaults.clear,
      strobes: site.strobes ?? defaults.strobes,
      doors: site.doors ?? defaults.doors,
    };
    const policies = new Map<string, DoorPolicy>();
    for (const door of doors.values()) {
      const p = doorPolicy(rules.doors, door);
      if (p !== null) policies.set(door.id, p);
    }
    modes.set(mode, {
      mode,
      priority: rules.priority,
      raise: principals(rules.raise),
      clear: principals(rules.clear),
      strobes: rules.strobes,
      doors: policies,
    });
  }
  return modes;
}

/** Compile the safety section against the doors and the site's signalling devices. */
export function compileSafety(
  config: SafetyConfig,
  doors: ReadonlyMap<string, DoorModel>,
  devices: { readonly signals: readonly string[]; readonly panics: readonly string[] },
  location: (device: string) => string,
): SafetyModel {
  // A panic button nobody configured still raises lockdown on a press: that is what people expect.
  const listed = new Set(config.panic_buttons.map((p) => p.device));
  const implicit = devices.panics
    .filter((d) => !listed.has(d))
    .map((device) => ({ device, mode: "lockdown" as const, hold_ms: 0, presses: 1, within_ms: 3000, silent: false, location: undefined }));
  const panics = new Map(
    [...config.panic_buttons, ...implicit].map((p) => [
      p.device,
      {
        device: p.device,
        mode: p.mode,
        holdMs: p.hold_ms,
        presses: p.presses,
        withinMs: p.within_ms,
        silent: p.silent,
        location: p.location ?? location(p.device),
      },
    ]),
  );
  const keySwitches = new Map(
    config.key_switches.map((k) => [k.device, { device: k.device, mode: k.mode, location: k.location ?? location(k.device) }]),
  );
  return {
    modes: compileModes(config, doors),
    panics,
    keySwitches,
    doorControl: principals(config.door_control),
    unlockInMode: principals(config.unlock_in_mode),
    strobes: config.strobes ?? devices.signals,
  };
}
