/**
 * Typed arrays as the credential index keeps them: growth, trimming, and shape checks for index data that crossed a
 * thread boundary. `postMessage` hands over plain objects, typed arrays and numbers, and a reader must not trust them to
 * be what it expects. Each check is O(1): kinds, lengths and counts, never the contents. Kinds are read from the tag
 * rather than with `instanceof`, which fails across realms.
 */

/** Typed-array kinds the index data uses, by their tag. */
export interface Kinds {
  Uint8Array: Uint8Array<ArrayBuffer>;
  Uint16Array: Uint16Array<ArrayBuffer>;
  Uint32Array: Uint32Array<ArrayBuffer>;
  Float64Array: Float64Array<ArrayBuffer>;
}

/** Throws the RangeError of data that is not an index's, naming the part at fault. */
export function badShape(what: string): never {
  throw new RangeError(`credential index data: ${what}`);
}

/** The fields of an object, or RangeError. */
export function fieldsOf(value: unknown, what: string): Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null) badShape(`${what} is not an object`);
  return value as Readonly<Record<string, unknown>>;
}

/** An integer count in 0..max, or RangeError. */
export function countOf(value: unknown, max: number, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) badShape(`${what} is not a count in 0..${max}`);
  return value;
}

/** A typed array of `kind` with at least `min` elements, or RangeError. */
export function arrayOf<K extends keyof Kinds>(value: unknown, kind: K, min: number, what: string): Kinds[K] {
  const tag = ArrayBuffer.isView(value) ? (value as { readonly [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] : undefined;
  if (tag !== kind || (value as Kinds[K]).length < min) badShape(`${what} is not a ${kind} of at least ${min} elements`);
  return value as Kinds[K];
}

/** A typed array the index grows and trims. */
export type Column = Kinds[keyof Kinds];

/** How far a build is: arrays that fill as holders are added size themselves from it. */
export interface Progress {
  /** Holders added so far. */
  readonly done: number;
  /** Holders the build was sized for (0: unknown). */
  readonly expected: number;
}

/** No build: arrays grow by doubling. */
export const NO_PROGRESS: Progress = { done: 0, expected: 0 };
/** Part of the expected holders that is a fair sample of what the rest needs (an eighth of the list). */
const SAMPLE = 8;
/** Room added on top of a projection, as a fraction: ids later in the list may run a little longer. */
const HEADROOM = 1 / 8;

/**
 * Length to grow an array of `length` to when `needed` elements do not fit and `used` are filled: once an eighth of
 * the expected holders are in, what they filled projected to all of them plus an eighth, so that the array ends the
 * build near its size and `finish` rarely copies it to cut spare room; before that, or past the expected count, double.
 * A projection is over 1.125 times what is filled, so a build copies each element a bounded number of times.
 */
export function nextLength(length: number, used: number, needed: number, p: Progress): number {
  const sampled = p.done * SAMPLE >= p.expected && p.done > 0 && p.done < p.expected;
  return Math.max(needed, sampled ? Math.ceil((used / p.done) * p.expected * (1 + HEADROOM)) : 2 * length);
}

/** A copy of `array` with room for `length` elements, keeping its first `used`. */
export function grown<T extends Column>(array: T, length: number, used: number): T {
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array.subarray(0, used) as never);
  return copy;
}

/**
 * `array` cut to its first `used` elements by a copy when over a quarter is spare; otherwise `array` itself (a copy
 * then would free too little to pay for itself).
 */
export function fitted<T extends Column>(array: T, used: number): T {
  return 4 * used < 3 * array.length ? (array.slice(0, used) as T) : array;
}
