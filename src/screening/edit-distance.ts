/**
 * True when `a` becomes `b` with at most one edit: one letter inserted, deleted or replaced, or two
 * neighbouring letters swapped (Damerau-Levenshtein distance ≤ 1, optimal string alignment).
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  if (short.length === long.length) {
    // Replace one letter, or swap it with the next.
    if (short.slice(i + 1) === long.slice(i + 1)) return true;
    return short[i] === long[i + 1] && short[i + 1] === long[i] && short.slice(i + 2) === long.slice(i + 2);
  }
  // Insert one letter into the shorter.
  return short.slice(i) === long.slice(i + 1);
}
