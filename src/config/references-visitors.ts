import { encodeBits } from "../core/badge.js";
import type { Findings } from "./findings.js";
import type { BadgeKeyOf } from "./holder-checks.js";
import type { SiteConfig } from "./schema.js";

/** The desk's pool cards by the key a badge of the same card has (see badgeConfigKey): key → label. */
export function passCardKeys(config: SiteConfig, badgeKey: BadgeKeyOf): Map<string, string> {
  const keys = new Map<string, string>();
  for (const { label, format, facility, number } of config.visitors?.pass_cards ?? []) {
    const key = badgeKey({ format, facility, number });
    if (!keys.has(key)) keys.set(key, label);
  }
  return keys;
}

/** The desk's destinations, as the visitors section holds them. */
export type VisitorDestinations = NonNullable<SiteConfig["visitors"]>["destinations"];

/** A destination's doors and door groups exist, and it opens one at least. */
export function checkDestinations(f: Findings, config: SiteConfig, destinations: VisitorDestinations): void {
  const doors = new Set(config.doors.map((d) => d.id));
  const groups = new Set(config.doors.flatMap((d) => d.groups));
  for (const [id, d] of Object.entries(destinations)) {
    const at = ["visitors", "destinations", id];
    d.doors.forEach((door, j) => {
      if (!doors.has(door)) f.missing([...at, "doors", j], "doors", door, doors, `no door "${door}"`);
    });
    d.door_groups.forEach((g, j) => {
      if (!groups.has(g)) f.missing([...at, "door_groups", j], "door_groups", g, groups, `no door is in group "${g}"`);
    });
    if (d.doors.length === 0 && d.door_groups.length === 0) f.add(at, `destination "${id}" opens no door; give it doors or door_groups`);
  }
}

/**
 * Cross-references of the `visitors` section: a destination's doors and door groups exist, and each
 * pool card has a label of its own, fits its format and is in the pool once. That no pool card is
 * also a cardholder's badge is checked with the cardholders, as they are read (holder-checks.ts).
 */
export function checkVisitorReferences(f: Findings, config: SiteConfig, badgeKey: BadgeKeyOf): void {
  const v = config.visitors;
  if (v === undefined) return;
  checkDestinations(f, config, v.destinations);
  const labels = new Set<string>();
  const cards = new Map<string, string>();
  v.pass_cards.forEach((card, i) => {
    const at = ["visitors", "pass_cards", i];
    if (labels.has(card.label)) f.add([...at, "label"], `duplicate label "${card.label}"`);
    labels.add(card.label);
    try {
      encodeBits(card.format, card.facility, card.number);
    } catch (err) {
      return f.add(at, `does not fit ${card.format}: ${(err as Error).message}`);
    }
    const key = badgeKey({ format: card.format, facility: card.facility, number: card.number });
    const other = cards.get(key);
    if (other !== undefined) f.add([...at, "number"], `card "${other}" is already this card`);
    cards.set(key, card.label);
  });
}
