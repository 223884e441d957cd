import type { DeviceKind } from "../catalog/schema.js";
import type { Findings } from "./findings.js";
import { deviceOfKind } from "./references-safety.js";
import type { SiteConfig } from "./schema.js";

/** Cross-references of the `occupancy` section: its readers are readers, each one way, and its assembly points unique. */
export function checkOccupancyReferences(f: Findings, config: SiteConfig, kinds: ReadonlyMap<string, DeviceKind>): void {
  const o = config.occupancy;
  if (o === undefined) return;
  const entries = new Set(o.entry_readers);
  o.entry_readers.forEach((r, i) => deviceOfKind(f, kinds, ["occupancy", "entry_readers", i], r, ["reader"]));
  o.exit_readers.forEach((r, i) => {
    deviceOfKind(f, kinds, ["occupancy", "exit_readers", i], r, ["reader"]);
    if (entries.has(r)) f.add(["occupancy", "exit_readers", i], `reader "${r}" is also an entry reader: a read there cannot say which way the person went`);
  });
  const points = new Set<string>();
  o.assembly_points.forEach((p, i) => {
    if (points.has(p.id)) f.add(["occupancy", "assembly_points", i, "id"], `duplicate id "${p.id}"`);
    points.add(p.id);
  });
}
