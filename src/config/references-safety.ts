import type { DeviceKind } from "../catalog/schema.js";
import { ScheduleBook } from "../core/schedule.js";
import type { Findings, Path } from "./findings.js";
import type { SiteConfig } from "./schema.js";

/** Report `id` at `path` unless it names a device of one of the `wanted` kinds. */
export function deviceOfKind(f: Findings, kinds: ReadonlyMap<string, DeviceKind>, path: Path, id: string, wanted: readonly DeviceKind[]): void {
  const kind = kinds.get(id);
  if (kind === undefined) return f.missing(path, "devices", id, kinds.keys(), `no device "${id}"`);
  if (!wanted.includes(kind)) f.add(path, `device "${id}" is a ${kind}, not a ${wanted.join(" or ")}`);
}

/** A reference to a schedule (none: `id` undefined) must name one of `ids`. */
export function checkScheduleRef(f: Findings, ids: ReadonlySet<string>, path: Path, id: string | undefined): void {
  if (id !== undefined && !ids.has(id)) f.missing(path, "schedules", id, ids, `no schedule "${id}"`);
}

function checkSchedules(f: Findings, config: SiteConfig): void {
  const ids = new Set<string>();
  config.schedules.forEach((s, i) => {
    if (ids.has(s.id)) f.add(["schedules", i, "id"], `duplicate id "${s.id}"`);
    ids.add(s.id);
  });
  const known = (path: Path, id: string | undefined) => checkScheduleRef(f, ids, path, id);
  config.doors.forEach((d, i) => known(["doors", i, "unlock_schedule"], d.unlock_schedule));
  config.access_groups.forEach((g, i) => known(["access_groups", i, "schedule"], g.schedule));
  config.calendar.exceptions.forEach((e, i) => e.schedules.forEach((s, j) => known(["calendar", "exceptions", i, "schedules", j], s)));
  try {
    new ScheduleBook(config.site.timezone, config.schedules, config.calendar);
  } catch (err) {
    if (err instanceof RangeError) f.add(["schedules"], err.message);
    else throw err;
  }
}

/** Cross-references of the safety, schedule and area sections. */
export function checkSafetyReferences(f: Findings, config: SiteConfig, kinds: ReadonlyMap<string, DeviceKind>): void {
  const s = config.safety;
  s.panic_buttons.forEach((p, i) => deviceOfKind(f, kinds, ["safety", "panic_buttons", i, "device"], p.device, ["panic"]));
  s.key_switches.forEach((k, i) => deviceOfKind(f, kinds, ["safety", "key_switches", i, "device"], k.device, ["key_switch"]));
  s.strobes?.forEach((d, i) => deviceOfKind(f, kinds, ["safety", "strobes", i], d, ["strobe", "sounder"]));
  config.areas.forEach((a, i) => {
    a.entry.forEach((r, j) => deviceOfKind(f, kinds, ["areas", i, "entry", j], r, ["reader"]));
    a.exit.forEach((r, j) => deviceOfKind(f, kinds, ["areas", i, "exit", j], r, ["reader"]));
  });
  const groups = new Set(config.doors.flatMap((d) => d.groups));
  for (const [mode, rules] of Object.entries(s.modes)) {
    rules?.doors?.forEach((rule, i) =>
      rule.groups.forEach((g, j) => {
        if (g !== "*" && !groups.has(g)) f.missing(["safety", "modes", mode, "doors", i, "groups", j], "door_groups", g, groups, `no door is in group "${g}"`);
      }),
    );
  }
  checkSchedules(f, config);
}
