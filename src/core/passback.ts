import type { AreaModel, SiteModel } from "./model.js";

/** The anti-passback verdict of a read: fine, a soft violation (pass and flag), or a hard one (deny). */
export type PassbackVerdict = "ok" | "soft" | "hard";

function areasOf(model: SiteModel, reader: string): AreaModel[] {
  return model.areas.filter((a) => a.entry.has(reader) || a.exit.has(reader));
}

/** Check a read against the areas its reader leads into or out of. */
export function checkPassback(model: SiteModel, inside: Readonly<Record<string, string>>, holder: string, reader: string): PassbackVerdict {
  if (model.areas.length === 0) return "ok";
  let verdict: PassbackVerdict = "ok";
  for (const area of areasOf(model, reader)) {
    const isIn = inside[holder] === area.id;
    const violation = area.entry.has(reader) ? isIn : !isIn;
    if (!violation) continue;
    if (area.passback === "hard") return "hard";
    verdict = "soft";
  }
  return verdict;
}

/** Where the holder is after passing this reader. */
export function movePassback(
  model: SiteModel,
  inside: Readonly<Record<string, string>>,
  holder: string,
  reader: string,
): Readonly<Record<string, string>> {
  if (model.areas.length === 0) return inside;
  let next = inside;
  for (const area of areasOf(model, reader)) {
    if (area.entry.has(reader) && next[holder] !== area.id) next = { ...next, [holder]: area.id };
    if (area.exit.has(reader) && next[holder] === area.id) {
      const { [holder]: _left, ...rest } = next;
      next = rest;
    }
  }
  return next;
}
