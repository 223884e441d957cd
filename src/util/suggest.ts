/**
 * "Did you mean" suggestions and quoted values for configuration problems: an operator who wrote
 * `dc-frnt` or `stuent` sees the name that was meant, and every bad value is shown as written.
 */

/** Longest quoted value shown; a pasted blob or binary junk stays one readable line. */
const MAX_QUOTED = 60;

/** Edit distance (insert, delete, substitute, swap adjacent) between a and b, or Infinity past limit. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] ?? Infinity;
}

/** Short parts of a name ("a" in door-a, "dc" in dc-front) tell names apart: a slip there is no slip. */
const SHORT_PART = 3;

/** Whether word and candidate differ only in parts long enough for a differing letter to be a typo. */
function differsInLongParts(word: string, candidate: string): boolean {
  const a = word.split(/[-_/.]/);
  const b = candidate.split(/[-_/.]/);
  if (a.length !== b.length) return true;
  return a.every((part, i) => part === b[i] || Math.min(part.length, b[i]?.length ?? 0) >= SHORT_PART);
}

/**
 * The candidate closest to word, when it is close enough to be a slip: at most one edit in four
 * characters (at least one), and none in a short part of the name, so different names such as
 * door-a and door-z, or dc-front and rdr-front, are never offered for each other.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 4));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (!differsInLongParts(word, c)) continue;
    const d = c.toLowerCase() === word.toLowerCase() ? 0.5 : distance(word, c, limit);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** ` (did you mean "x"?)` when a candidate is close to word, else "". */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const hit = closest(word, candidates);
  return hit === undefined ? "" : ` (did you mean "${hit}"?)`;
}

/** Shortest key that another may extend (`strike` to `strike_ms`): shorter ones start too many. */
const MIN_STEM = 4;

/**
 * The known key that word is close to: a slip as `closest` finds it, else the one key that word
 * extends or cuts short (`held_open_msec` or `held_open` for `held_open_ms`). Keys, unlike ids, end
 * in units and words spelled more than one way (ms, msec); ids such as door-a and door-ab stay apart,
 * as `closest` alone is used for them.
 */
export function closestKey(word: string, keys: Iterable<string>): string | undefined {
  const known = [...keys];
  const slip = closest(word, known);
  if (slip !== undefined) return slip;
  const stems = known.filter((k) => k !== word && Math.min(k.length, word.length) >= MIN_STEM && (word.startsWith(k) || k.startsWith(word)));
  // The stem nearest in length, when one is: held_open gives held_open_ms, not held_open_warning_ms.
  const apart = (k: string): number => Math.abs(k.length - word.length);
  const [first, second] = stems.sort((a, b) => apart(a) - apart(b));
  return first !== undefined && (second === undefined || apart(first) < apart(second)) ? first : undefined;
}

/** ` (did you mean "x"?)` when a known key is close to word (see closestKey), else "". */
export function didYouMeanKey(word: string, keys: Iterable<string>): string {
  const hit = closestKey(word, keys);
  return hit === undefined ? "" : ` (did you mean "${hit}"?)`;
}

/** A value as it appears in a message: JSON, control characters escaped, cut to a short line. */
export function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  // JSON already escapes C0 controls and lone surrogates; C1 controls and U+FFFD (undecodable input) are escaped here.
  const safe = text.replace(/[\u007f-\u009f\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return safe.length <= MAX_QUOTED ? safe : `${safe.slice(0, MAX_QUOTED - 1)}…`;
}
