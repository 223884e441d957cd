/**
 * Raw-bits and keyboard-digits badges to holder slots: an open-addressing table of (hash, entry + 1) pairs over an ASCII
 * pool of the keys, with the owning slot of each entry. A key is a kind char ("b" raw bits, "d" digits without leading
 * zeros) then its text. A lookup hashes and compares the probe's chars in place: no key string is made.
 */
import { BytePool, type BytePoolData } from "../byte-pool.js";
import { type BadgeKey, NOT_FOUND } from "./credential-record.js";
import { checkedTable, doubled, insertNew, isFull, mix, newTable } from "./open-table.js";
import { NO_PROGRESS, type Progress, arrayOf, countOf, fieldsOf, fitted, grown, nextLength } from "../typed-data.js";

/** A key table's whole state. */
export interface KeyTableData {
  /** Pairs (hash of the key, entry + 1). */
  readonly table: Uint32Array<ArrayBuffer>;
  /** The keys by entry, in the order they were first given. */
  readonly keys: BytePoolData;
  /** Holder slot of each entry; only the first `keys.count` are entries. */
  readonly owners: Uint32Array<ArrayBuffer>;
}

/** Kind char of raw bits ("b"). */
export const RAW_KIND = 0x62;
/** Kind char of keyboard-wedge digits ("d"). */
export const DIGITS_KIND = 0x64;
/** Char codes of "0" and "9". */
const [ZERO, NINE] = [0x30, 0x39];

/**
 * Index of the first digit of `text` that counts, so that readers that pad card numbers differently agree: leading zeros
 * are skipped but one digit is kept ("0045" → 2, "000" → 2). -1 unless `text` is one or more ASCII digits.
 */
export function significantFrom(text: string): number {
  if (typeof text !== "string" || text.length === 0) return -1;
  let from = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) return -1;
    if (from < 0 && (c !== ZERO || i === text.length - 1)) from = i;
  }
  return from;
}

/** Keys a new table has room for before it grows (by doubling): most sites have few raw or digits badges. */
const FIRST_KEYS = 16;
/** Bytes a key takes before the pool grows: a kind char and a card number of up to 15 digits. */
const KEY_BYTES = 16;
/** Entries are numbered in a Uint32 word as entry + 1. */
const MAX_KEYS = 2 ** 32 - 2;
/** FNV-1a's 32-bit offset basis and prime. */
const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Hash of the key: FNV-1a over the kind and the chars of `text` from `from`, then murmur's finaliser for the low bits. */
function keyHash(kind: number, text: string, from: number): number {
  let h = Math.imul(FNV_BASIS ^ kind, FNV_PRIME);
  for (let i = from; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return mix(h, text.length - from);
}

/** An entry's hash is its first word. */
const home = (hash: number): number => hash;

/** Keys of raw and digits badges to holder slots. */
export class KeyTable {
  #table: Uint32Array<ArrayBuffer>;
  readonly #keys: BytePool;
  #owners: Uint32Array<ArrayBuffer>;
  readonly #progress: Progress;

  /** A table over `data`, trusted to be consistent (see `checkedData`); growing, it sizes itself from `progress`. */
  constructor(data: KeyTableData, progress = NO_PROGRESS) {
    [this.#table, this.#keys, this.#owners] = [data.table, new BytePool(data.keys, progress), data.owners];
    this.#progress = progress;
  }

  /** An empty table for a build at `progress`. */
  static empty(progress: Progress): KeyTable {
    const keys = BytePool.empty(FIRST_KEYS, FIRST_KEYS * KEY_BYTES, progress).toData();
    return new KeyTable({ table: newTable(FIRST_KEYS), keys, owners: new Uint32Array(FIRST_KEYS) }, progress);
  }

  /** Table data from another thread, checked; RangeError when its shape is wrong. O(1): entries are not read. */
  static checkedData(value: unknown): KeyTableData {
    const f = fieldsOf(value, "keys");
    const count = countOf(fieldsOf(f.keys, "keys.keys").count, MAX_KEYS, "keys.keys.count");
    const [table, keys] = [checkedTable(f.table, count, "keys.table"), BytePool.checkedData(f.keys, count, "keys.keys")];
    return { table, keys, owners: arrayOf(f.owners, "Uint32Array", count, "keys.owners") };
  }

  /** Number of keys. */
  get count(): number {
    return this.#keys.count;
  }

  /** Slot of the holder with the key `kind` + `text` from index `from`, or NOT_FOUND. */
  find(kind: number, text: string, from: number): number {
    const p = this.#probe(keyHash(kind, text, from), kind, text, from);
    const entry = p < 0 ? 0 : (this.#table[2 * p + 1] ?? 0);
    return entry === 0 ? NOT_FOUND : (this.#owners[entry - 1] ?? NOT_FOUND);
  }

  /** Gives the key (ASCII) to `slot` unless a holder has it; returns the holder that has it now. */
  claim(kind: number, text: string, from: number, slot: number): number {
    const owner = this.find(kind, text, from);
    if (owner !== NOT_FOUND) return owner;
    const entry = this.#keys.count;
    if (isFull(this.#table, entry)) this.#table = doubled(this.#table, home);
    if (entry === this.#owners.length) this.#owners = grown(this.#owners, nextLength(entry, entry, entry + 1, this.#progress), entry);
    this.#keys.pushAscii(kind, text, from);
    this.#owners[entry] = slot;
    const hash = keyHash(kind, text, from);
    insertNew(this.#table, hash, hash, entry + 1);
    return slot;
  }

  /** Badge of an entry, as a record gives it back (digits without leading zeros). */
  badge(entry: number): BadgeKey {
    const key = this.#keys.text(entry);
    return key.charCodeAt(0) === RAW_KIND ? { bits: key.slice(1) } : { digits: key.slice(1) };
  }

  /** Holder slot of an entry. */
  owner(entry: number): number {
    return this.#owners[entry] ?? NOT_FOUND;
  }

  /** The state as it is, no copy. */
  toData(): KeyTableData {
    return { table: this.#table, keys: this.#keys.toData(), owners: this.#owners };
  }

  /** The state with the key arrays cut to size when over a quarter is spare: for an index, which never adds. */
  fittedData(): KeyTableData {
    return { table: this.#table, keys: this.#keys.fittedData(), owners: fitted(this.#owners, this.#keys.count) };
  }

  /** Pair of a key, or the empty pair that ends its probe sequence; -1 when neither (a full table from bad data). */
  #probe(hash: number, kind: number, text: string, from: number): number {
    const [table, keys] = [this.#table, this.#keys];
    const mask = (table.length >>> 1) - 1;
    let p = hash & mask;
    for (let n = 0; n <= mask; n++) {
      const entry = table[2 * p + 1] ?? 0;
      if (entry === 0 || (table[2 * p] === hash && keys.equals(entry - 1, kind, text, from))) return p;
      p = (p + 1) & mask;
    }
    return -1;
  }
}
