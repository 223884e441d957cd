import { dobNumber, dobVariants, type DobRule } from "./birth-date.js";
import { matchNames, blockingCodes, type FoldedName, type NameRule } from "./name-match.js";
import { blockKey, foldedNames, type WatchIndex } from "./watch-index.js";
import type { ScreenedPerson, WatchCategory } from "./watch-schemas.js";

/** One listed entry a visitor may be: its id and category, and the rules that matched (never a name). */
export interface ScreenMatch {
  readonly entry: string;
  readonly category: WatchCategory;
  readonly rules: readonly (DobRule | NameRule)[];
}

/** `clear`: no listed person matches; `possible`: held for an officer, with the entries that may match. */
export type ScreenResult = { readonly result: "clear" } | { readonly result: "possible"; readonly matches: readonly ScreenMatch[] };

/**
 * Screen one person against the watch list: the entries blocked by their date of birth (or its day
 * and month swapped) with the phonetic code of any of their name tokens, kept when a name matches
 * by the rules of matchNames.
 */
export function screen(index: WatchIndex, person: ScreenedPerson): ScreenResult {
  const names = foldedNames(person);
  const variants = dobVariants(dobNumber(person.dob));
  const keys = new Set<number>();
  for (const name of names) {
    for (const code of blockingCodes(name)) for (const [dob] of variants) keys.add(blockKey(dob, code));
  }
  const matches: ScreenMatch[] = [];
  for (const slot of index.candidates(keys)) {
    const entry = index.entry(slot);
    const dobRule = variants.find(([dob]) => dob === entry.dob)?.[1];
    if (dobRule === undefined) continue;
    const rules = bestNameRules(names, entry.names);
    if (rules !== null) matches.push({ entry: entry.id, category: entry.category, rules: [dobRule, ...rules] });
  }
  return matches.length === 0 ? { result: "clear" } : { result: "possible", matches };
}

/** The rules of the first pair of names (visitor's, listed) that match. */
function bestNameRules(visitor: readonly FoldedName[], listed: readonly FoldedName[]): NameRule[] | null {
  for (const v of visitor) {
    for (const [i, l] of listed.entries()) {
      const rules = matchNames(v, l);
      if (rules !== null) return i === 0 ? rules : [...rules, "other_name"];
    }
  }
  return null;
}
