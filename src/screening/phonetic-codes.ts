import { doubleMetaphone } from "double-metaphone";
import daitchMokotoff from "talisman/phonetics/daitch-mokotoff.js";

/** Both Double Metaphone codes of a token (the token itself when it has none, as digits). */
export function phoneticCodes(token: string): readonly string[] {
  const [primary, secondary] = doubleMetaphone(token);
  if (primary === "") return [token];
  return secondary === primary || secondary === "" ? [primary] : [primary, secondary];
}

/**
 * The primary Double Metaphone code of a token only: the secondary reads a J as in Spanish (Jim as
 * "AM", like Amy), too loose for a table lookup.
 */
export function primaryCode(token: string): string {
  return doubleMetaphone(token)[0] || token;
}

/**
 * The Daitch–Mokotoff Soundex codes of a family-name token (six digits each; two or more when a
 * letter group reads two ways). Built for the Slavic and Germanic spellings of Eastern European
 * names, where Double Metaphone parts ways: Kowalczyk and Kovalchik, Schwartz and Shvarts.
 */
export function slavicCodes(token: string): readonly string[] {
  return daitchMokotoff(token);
}
