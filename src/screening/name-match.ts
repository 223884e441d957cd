import { doubleMetaphone } from "double-metaphone";
import { withinOneEdit } from "./edit-distance.js";
import { givenForms } from "./nicknames.js";

/** A name as compared: folded tokens of its given names and of its family names. */
export interface FoldedName {
  readonly given: readonly string[];
  readonly family: readonly string[];
}

/** Why two names were taken for one: the first rule (in this order) that held for each part. */
export type NameRule =
  | "family_exact"
  | "family_phonetic"
  | "family_typo"
  | "given_exact"
  | "given_nickname"
  | "given_initial"
  | "given_phonetic"
  | "given_typo"
  | "names_swapped"
  /** Matched on one of the listed person's other names or aliases. */
  | "other_name";

/** Shorter tokens differ in one letter too often by chance (Ann, Jan, Dan) for a typo to count. */
const TYPO_MIN = 4;
/** Phonetic codes of shorter tokens are too coarse to tell names apart. */
const PHONETIC_MIN = 3;

/** Both Double Metaphone codes of a token (the token itself when it has none, as digits). */
export function phoneticCodes(token: string): readonly string[] {
  const [primary, secondary] = doubleMetaphone(token);
  if (primary === "") return [token];
  return secondary === primary || secondary === "" ? [primary] : [primary, secondary];
}

function phonetic(a: string, b: string): boolean {
  if (a.length < PHONETIC_MIN || b.length < PHONETIC_MIN) return false;
  const codes = phoneticCodes(b);
  return phoneticCodes(a).some((c) => codes.includes(c));
}

function typo(a: string, b: string): boolean {
  return a.length >= TYPO_MIN && b.length >= TYPO_MIN && withinOneEdit(a, b);
}

function nickname(a: string, b: string): boolean {
  const forms = givenForms(b);
  return givenForms(a).some((f) => forms.includes(f));
}

function initial(a: string, b: string): boolean {
  return (a.length === 1 || b.length === 1) && a[0] === b[0];
}

type TokenTest = readonly [NameRule, (a: string, b: string) => boolean];

const FAMILY_TESTS: readonly TokenTest[] = [
  ["family_exact", (a, b) => a === b],
  ["family_phonetic", phonetic],
  ["family_typo", typo],
];

const GIVEN_TESTS: readonly TokenTest[] = [
  ["given_exact", (a, b) => a === b],
  ["given_nickname", nickname],
  ["given_initial", initial],
  ["given_phonetic", phonetic],
  ["given_typo", typo],
];

/** The first test that any pair of tokens passes, or null. */
function firstRule(tests: readonly TokenTest[], left: readonly string[], right: readonly string[]): NameRule | null {
  for (const [rule, test] of tests) {
    for (const a of left) for (const b of right) if (test(a, b)) return rule;
  }
  return null;
}

/**
 * The rules by which `visitor` may be the person named `listed`, or null when the names differ:
 * any family-name token must match one of the other's (hyphenated and multiple surnames), and any
 * given name one of the other's. A visitor whose given and family names were entered the other way
 * round matches too, with `names_swapped`.
 */
export function matchNames(visitor: FoldedName, listed: FoldedName): NameRule[] | null {
  const family = firstRule(FAMILY_TESTS, visitor.family, listed.family);
  const given = family && firstRule(GIVEN_TESTS, visitor.given, listed.given);
  if (family !== null && given !== null) return [family, given];
  const swappedFamily = firstRule(FAMILY_TESTS, visitor.given, listed.family);
  const swappedGiven = swappedFamily && firstRule(GIVEN_TESTS, visitor.family, listed.given);
  if (swappedFamily !== null && swappedGiven !== null) return ["names_swapped", swappedFamily, swappedGiven];
  return null;
}

/** The tokens of a name whose phonetic codes block it in the index (given names by their full forms too). */
export function blockingCodes(name: FoldedName): string[] {
  const codes = new Set<string>();
  for (const t of name.family) for (const c of phoneticCodes(t)) codes.add(c);
  for (const t of name.given) {
    if (t.length < 2) continue;
    for (const form of givenForms(t)) for (const c of phoneticCodes(form)) codes.add(c);
  }
  return [...codes];
}
