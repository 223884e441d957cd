import { withinOneEdit } from "./edit-distance.js";
import { givenForms, soundedForms } from "./nicknames.js";
import { phoneticCodes, slavicCodes } from "./phonetic-codes.js";

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
  /** The same Daitch–Mokotoff code: an Eastern European name spelled another way (Kowalczyk, Kovalchik). */
  | "family_slavic"
  | "given_exact"
  | "given_nickname"
  /** A nickname or full name misspelled, by its sound (Bobbie for Robert, Robbert for Bob). */
  | "given_nickname_sound"
  /** A short form that is the start of the other (Chris for Christopher, Alex for Alexandra). */
  | "given_short_form"
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
/** Daitch–Mokotoff codes keep only six digits of consonant groups: short names share them by chance (Lee, Liu). */
const SLAVIC_MIN = 5;
/** A short form of fewer letters (Al, Jo) starts too many names. */
const SHORT_FORM_MIN = 3;
/**
 * The letter groups that Eastern European names are spelled and transliterated between (w/v, cz/ch,
 * sz/sh, rz/zh, tz/ts, -ski/-sky, -ov/-off/-ow, -yk/-ik, -ak): Daitch–Mokotoff codes drop the vowels,
 * so two other names with the same consonants (Garcia, Gracai) are told apart by having none.
 */
const SLAVIC_SPELLING = /[wv]|cz|sz|rz|zh|kh|tz|ts|sch|ff$|sk[iy]$|[iy]k$|ak$/;
/** Blocking keys of Daitch–Mokotoff codes, apart from the Double Metaphone ones. */
const SLAVIC_KEY = "dm:";

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

function nicknameBySound(a: string, b: string): boolean {
  const forms = soundedForms(b);
  return soundedForms(a).some((f) => forms.includes(f));
}

function shortForm(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= SHORT_FORM_MIN && short.length < long.length && long.startsWith(short);
}

function slavic(a: string, b: string): boolean {
  if (a.length < SLAVIC_MIN || b.length < SLAVIC_MIN) return false;
  if (!SLAVIC_SPELLING.test(a) && !SLAVIC_SPELLING.test(b)) return false;
  const codes = slavicCodes(b);
  return slavicCodes(a).some((c) => codes.includes(c));
}

function initial(a: string, b: string): boolean {
  return (a.length === 1 || b.length === 1) && a[0] === b[0];
}

type TokenTest = readonly [NameRule, (a: string, b: string) => boolean];

const FAMILY_TESTS: readonly TokenTest[] = [
  ["family_exact", (a, b) => a === b],
  ["family_phonetic", phonetic],
  ["family_typo", typo],
  ["family_slavic", slavic],
];

const GIVEN_TESTS: readonly TokenTest[] = [
  ["given_exact", (a, b) => a === b],
  ["given_nickname", nickname],
  ["given_nickname_sound", nicknameBySound],
  ["given_short_form", shortForm],
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

/**
 * The codes that block a name in the index: each family token's phonetic and Daitch–Mokotoff codes,
 * each given name's phonetic codes and those of the full names it may stand for.
 */
export function blockingCodes(name: FoldedName): string[] {
  const codes = new Set<string>();
  for (const t of name.family) {
    for (const c of phoneticCodes(t)) codes.add(c);
    // Every long enough token: one spelling may carry the Slavic letters and the other none (Kozlov, Kozlof).
    if (t.length >= SLAVIC_MIN) for (const c of slavicCodes(t)) codes.add(SLAVIC_KEY + c);
  }
  for (const t of name.given) {
    if (t.length < 2) continue;
    for (const form of soundedForms(t)) for (const c of phoneticCodes(form)) codes.add(c);
  }
  return [...codes];
}
