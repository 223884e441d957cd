/**
 * Names as records write them, folded to what can be compared: case and accents dropped (NFKD,
 * combining marks stripped), apostrophes joined (O'Brien → obrien), hyphens and spaces split into
 * tokens (Garcia-Lopez → garcia, lopez).
 */

/** Letters NFKD does not take apart into a base letter and a mark. */
const LIGATURES: Readonly<Record<string, string>> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i" };

/** Family-name particles: "de la Cruz" and "de Souza" share "de" but nothing that names a family. */
const PARTICLES: ReadonlySet<string> = new Set(["de", "la", "le", "del", "della", "di", "da", "das", "do", "dos", "du", "van", "von", "der", "den", "ter", "st", "bin", "ibn", "al", "el"]);

/** Lower case, no accents, no apostrophes; other punctuation becomes a space. */
export function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => LIGATURES[c] ?? c)
    .replace(/['’‘`´]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The tokens of a given-name field (first and middle names, and initials). */
export function givenTokens(text: string): string[] {
  return fold(text).split(" ").filter((t) => t !== "");
}

/**
 * The tokens of a family-name field that name a family: particles and lone letters left out, and
 * a name of several words also run together (van der Berg → berg, vanderberg).
 */
export function familyTokens(text: string): string[] {
  const words = fold(text).split(" ");
  const all = words.filter((t) => t.length > 1);
  const named = all.filter((t) => !PARTICLES.has(t));
  const tokens = named.length > 0 ? named : all;
  return words.length > 1 ? [...tokens, words.join("")] : tokens;
}
