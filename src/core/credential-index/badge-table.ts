/**
 * Known-format badges packed into one integer in an open-addressing hash table (8 bytes an entry): at 1M badges ~30–60
 * ns a lookup against ~230 ns for binary search in a sorted Float64Array (one or two cache lines, not twenty dependent
 * reads), and an O(n) build with no sort.
 *
 * Packing: `code * 2^36 + facility * 2^20 + number`, code 1..3 in the order of KNOWN_FORMATS. The widest facility is 16
 * bits (H10304) and the widest number 20 bits (Corporate 1000), so the fields never overlap: the packing is injective
 * and below 2^38. A table entry is two words: the low 32 bits, and a tag `high | (slot + 1) << 6` with `high` the top 6
 * bits (code, facility bits 12–15). Tag 0: empty. Slots stop below 2^26.
 */
import { KNOWN_FORMATS, type KnownFormat, NOT_FOUND } from "./credential-record.js";
import { checkedTable, doubled, insertNew, isFull, mix, newTable } from "./open-table.js";
import { countOf, fieldsOf } from "../typed-data.js";

/** A badge table's whole state. */
export interface BadgeTableData {
  readonly table: Uint32Array<ArrayBuffer>;
  /** Entries in the table. */
  readonly count: number;
}

/** 2^width of each field per format code (index 0 unused); widths from REFERENCE.md "Badge formats". */
const FACILITY_LIMIT = [0, 2 ** 8, 2 ** 12, 2 ** 16];
const NUMBER_LIMIT = [0, 2 ** 16, 2 ** 20, 2 ** 19];
const NUMBER_SHIFT = 20;
const HIGH_BITS = 6;
const HIGH_MASK = (1 << HIGH_BITS) - 1;
/** Most holders: a slot + 1 must fit the 26 bits of a tag above `high`. */
export const MAX_HOLDERS = 2 ** (32 - HIGH_BITS) - 1;

/** Code of a known format (1..3), 0 for any other name. */
export const formatCode = (f: string): number => (f === "h10301" ? 1 : f === "corp1000" ? 2 : f === "h10304" ? 3 : 0);
/** The format of a code 1..3. */
export const formatOf = (code: number): KnownFormat => KNOWN_FORMATS[code - 1] ?? "h10301";
/** 2^width of the facility and number fields of a format code (0, 0 for no format). */
export const fieldLimits = (code: number): readonly [number, number] => [FACILITY_LIMIT[code] ?? 0, NUMBER_LIMIT[code] ?? 0];
/** True for an integer in 0..limit-1 (limit ≤ 2^32, so `>>> 0` keeps every such integer). */
export const fits = (value: number, limit: number | undefined): boolean => value >>> 0 === value && value < (limit ?? 0);
/** True when both fields fit a format code (false for code 0). */
export const fieldsFit = (code: number, facility: number, number: number): boolean =>
  fits(facility, FACILITY_LIMIT[code]) && fits(number, NUMBER_LIMIT[code]);
/** A packed badge (`code * 2^36 + facility * 2^20 + number`, as `bySlot` gives them) back as a record's badge. */
export const unpack = (p: number): { format: KnownFormat; facility: number; number: number } =>
  ({ format: formatOf(Math.floor(p / 2 ** 36)), facility: Math.floor(p / 2 ** NUMBER_SHIFT) % 2 ** 16, number: p % 2 ** NUMBER_SHIFT });

const lowWord = (facility: number, number: number): number => (((facility & 0xfff) << NUMBER_SHIFT) | number) >>> 0;
const highBits = (code: number, facility: number): number => (code << 4) | (facility >>> 12);
const home = (low: number, tag: number): number => mix(low, tag & HIGH_MASK);

/** Pair of a key, or the empty pair that ends its probe sequence; -1 when neither (a full table from bad data). */
function probe(table: Uint32Array, low: number, high: number): number {
  const mask = (table.length >>> 1) - 1;
  let p = mix(low, high) & mask;
  for (let n = 0; n <= mask; n++) {
    const tag = table[2 * p + 1] ?? 0;
    if (tag === 0 || ((tag & HIGH_MASK) === high && table[2 * p] === low)) return p;
    p = (p + 1) & mask;
  }
  return -1;
}

/** Known-format badges to holder slots. */
export class BadgeTable {
  #table: Uint32Array<ArrayBuffer>;
  #count: number;

  /** A table over `data`, trusted to be consistent (see `checkedData`). */
  constructor(data: BadgeTableData) {
    [this.#table, this.#count] = [data.table, data.count];
  }

  /** An empty table sized for `expected` badges. */
  static empty(expected: number): BadgeTable {
    return new BadgeTable({ table: newTable(expected), count: 0 });
  }

  /** Table data from another thread, checked; RangeError when its shape is wrong. O(1): entries are not read. */
  static checkedData(value: unknown): BadgeTableData {
    const f = fieldsOf(value, "badges");
    const count = countOf(f.count, MAX_HOLDERS * KNOWN_FORMATS.length, "badges.count");
    return { table: checkedTable(f.table, count, "badges.table"), count };
  }

  /** Number of badges. */
  get count(): number {
    return this.#count;
  }

  /** Slot of the holder with a badge whose fields fit format `code` (see `fieldsFit`), or NOT_FOUND. No allocation. */
  find(code: number, facility: number, number: number): number {
    const p = probe(this.#table, lowWord(facility, number), highBits(code, facility));
    const tag = p < 0 ? 0 : (this.#table[2 * p + 1] ?? 0);
    return tag === 0 ? NOT_FOUND : (tag >>> HIGH_BITS) - 1;
  }

  /** Gives a badge whose fields fit to `slot` (< MAX_HOLDERS) unless a holder has it; returns the holder that has it now. */
  claim(code: number, facility: number, number: number, slot: number): number {
    const owner = this.find(code, facility, number);
    if (owner !== NOT_FOUND) return owner;
    if (isFull(this.#table, this.#count)) this.#table = doubled(this.#table, home);
    const low = lowWord(facility, number);
    const high = highBits(code, facility);
    insertNew(this.#table, mix(low, high), low, (high | ((slot + 1) << HIGH_BITS)) >>> 0);
    this.#count++;
    return slot;
  }

  /**
   * Badges grouped by slot with a counting sort: slot s's packed badges are `keys[start[s] .. start[s + 1]]`, unsorted.
   * Slot s is counted at s + 2: after the prefix sums start[s + 1] is where slot s begins, and filling through
   * start[s + 1]++ leaves it in start[s].
   */
  bySlot(n: number): { readonly start: Int32Array; readonly keys: Float64Array } {
    const [table, start] = [this.#table, new Int32Array(n + 2)];
    for (let i = 1; i < table.length; i += 2) if (table[i]) start[((table[i] ?? 0) >>> HIGH_BITS) + 1]! += 1;
    for (let s = 1; s <= n + 1; s++) start[s]! += start[s - 1] ?? 0;
    const keys = new Float64Array(start[n + 1] ?? 0);
    for (let i = 0; i < table.length; i += 2) {
      const tag = table[i + 1] ?? 0;
      if (tag !== 0) keys[start[tag >>> HIGH_BITS]!++] = (tag & HIGH_MASK) * 2 ** 32 + (table[i] ?? 0);
    }
    return { start, keys };
  }

  /** The state as it is, no copy. */
  toData(): BadgeTableData {
    return { table: this.#table, count: this.#count };
  }
}
