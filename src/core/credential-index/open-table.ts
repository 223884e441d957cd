/**
 * Open addressing shared by the badge table and the key table: a Uint32Array of word pairs (a, b) where b = 0 marks an
 * empty pair, a power-of-two number of pairs so that `& mask` replaces `%`, linear probing, and a load of at most 1/2,
 * so a probe reads one or two cache lines and always meets an empty pair. Comparing keys is each table's own business.
 */
import { arrayOf, badShape, countOf } from "../typed-data.js";

/** Fewest pairs: 128 bytes, below which a smaller table saves nothing. */
const MIN_PAIRS = 16;

/** An empty table for `expected` entries at a load of at most 1/2. */
export function newTable(expected: number): Uint32Array<ArrayBuffer> {
  return new Uint32Array(2 * Math.max(MIN_PAIRS, 2 ** Math.ceil(Math.log2(2 * expected))));
}

/** True when one more entry would push the load of `table`, holding `count`, past 1/2. */
export function isFull(table: Uint32Array, count: number): boolean {
  return 4 * (count + 1) > table.length;
}

/** murmur3's 32-bit finaliser over two words: sequential card numbers and similar keys spread over the table. */
export function mix(a: number, b: number): number {
  let h = a ^ Math.imul(b, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Puts (a, b), known to be absent, into the first empty pair from pair `home` on. */
export function insertNew(table: Uint32Array, home: number, a: number, b: number): void {
  const mask = (table.length >>> 1) - 1;
  let p = home & mask;
  while (table[2 * p + 1] !== 0) p = (p + 1) & mask;
  table[2 * p] = a;
  table[2 * p + 1] = b;
}

/** `table` with twice the pairs and every entry moved over; `home(a, b)` is the hash of an entry. */
export function doubled(table: Uint32Array, home: (a: number, b: number) => number): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(2 * table.length);
  for (let i = 0; i < table.length; i += 2) {
    const a = table[i] ?? 0;
    const b = table[i + 1] ?? 0;
    if (b !== 0) insertNew(bigger, home(a, b), a, b);
  }
  return bigger;
}

/** A table from another thread said to hold `count` entries; RangeError naming `what` when its shape is wrong. O(1). */
export function checkedTable(value: unknown, count: number, what: string): Uint32Array<ArrayBuffer> {
  const table = arrayOf(value, "Uint32Array", 2 * MIN_PAIRS, what);
  if (!Number.isInteger(Math.log2(table.length / 2))) badShape(`${what} does not hold a power-of-two number of pairs`);
  if (4 * countOf(count, table.length, `${what} entry count`) > table.length) badShape(`${what} holds ${count} entries, over half its pairs`);
  return table;
}
