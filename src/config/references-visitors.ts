import type { Findings } from "./findings.js";
import type { SiteConfig } from "./schema.js";

/**
 * Cross-references of the `visitors` section: a destination's doors and door groups exist (a pass to
 * it would open nothing otherwise), and each pool card has its own label, so staff can tell which
 * one is out.
 */
export function checkVisitorReferences(f: Findings, config: SiteConfig): void {
  const visitors = config.visitors;
  if (visitors === undefined) return;
  const doors = new Set(config.doors.map((d) => d.id));
  const doorGroups = new Set(config.doors.flatMap((d) => d.groups));
  for (const [key, destination] of Object.entries(visitors.destinations)) {
    const at = ["visitors", "destinations", key];
    destination.doors.forEach((d, j) => {
      if (!doors.has(d)) f.missing([...at, "doors", j], "doors", d, doors, `no door "${d}"`);
    });
    destination.door_groups.forEach((g, j) => {
      if (!doorGroups.has(g)) f.missing([...at, "door_groups", j], "door_groups", g, doorGroups, `no door is in group "${g}"`);
    });
  }
  const labels = new Set<string>();
  visitors.pass_cards.forEach((card, i) => {
    if (labels.has(card.label)) f.add(["visitors", "pass_cards", i, "label"], `duplicate label "${card.label}"`);
    labels.add(card.label);
  });
}
