import { dobNumber } from "./birth-date.js";
import { familyTokens, givenTokens } from "./name-fold.js";
import { blockingCodes, type FoldedName } from "./name-match.js";
import type { WatchCategory, WatchEntry } from "./watch-schemas.js";

/**
 * The watch list index as plain typed arrays, so a worker builds it and hands it over without a
 * copy. Blocking keys (a date of birth with the phonetic code of one name token) are 31-bit hashes,
 * sorted, each with the entry it blocks; entries are kept folded, as UTF-8 records.
 */
export interface WatchIndexData {
  readonly keys: Uint32Array;
  readonly slots: Uint32Array;
  /** Entry i's record is text[offsets[i], offsets[i + 1]). */
  readonly offsets: Uint32Array;
  readonly text: Uint8Array;
}

/** A listed entry as the matcher reads it back: folded names only. */
export interface IndexedEntry {
  readonly id: string;
  readonly category: WatchCategory;
  readonly dob: number;
  readonly names: readonly FoldedName[];
}

/** Entries above this do not fit a key word's slot bits. */
const MAX_ENTRIES = 2 ** 22;
const SLOT_SCALE = 2 ** 22;

/** FNV-1a of a blocking key, to 31 bits. */
export function blockKey(dob: number, code: string): number {
  let h = 0x811c9dc5 ^ dob;
  for (let i = 0; i < code.length; i++) h = Math.imul(h ^ code.charCodeAt(i), 0x01000193);
  return (h >>> 1) & 0x7fffffff;
}

/** The folded names of a person: the name, then the other names. */
export function foldedNames(person: { given: string; family: string; other_names?: readonly { given: string; family: string }[] }): FoldedName[] {
  return [person, ...(person.other_names ?? [])].map((n) => ({ given: givenTokens(n.given), family: familyTokens(n.family) }));
}

const encodeName = (n: FoldedName) => `${n.given.join(" ")}|${n.family.join(" ")}`;
const split = (s: string) => (s === "" ? [] : s.split(" "));

/** Adds entries one at a time; `finish` sorts the keys once. */
export class WatchIndexBuilder {
  private pairs: Float64Array;
  private pairCount = 0;
  private text: Uint8Array;
  private textLength = 0;
  private offsets: Uint32Array;
  private count = 0;
  private readonly encoder = new TextEncoder();

  constructor(expected: number) {
    this.pairs = new Float64Array(Math.max(16, expected * 6));
    this.text = new Uint8Array(Math.max(256, expected * 48));
    this.offsets = new Uint32Array(Math.max(2, expected + 1));
  }

  add(entry: WatchEntry): void {
    if (this.count + 1 >= MAX_ENTRIES) throw new RangeError(`a watch list holds at most ${MAX_ENTRIES - 1} entries`);
    const names = foldedNames(entry);
    const dob = dobNumber(entry.dob);
    const keys = new Set<number>();
    for (const name of names) for (const code of blockingCodes(name)) keys.add(blockKey(dob, code));
    if (this.pairCount + keys.size > this.pairs.length) this.pairs = grow(this.pairs, this.pairCount + keys.size);
    for (const key of keys) this.pairs[this.pairCount++] = key * SLOT_SCALE + this.count;
    const record = this.encoder.encode(`${entry.id}\t${entry.category}\t${dob}\t${names.map(encodeName).join(";")}`);
    if (this.textLength + record.length > this.text.length) this.text = grow(this.text, this.textLength + record.length);
    this.text.set(record, this.textLength);
    this.textLength += record.length;
    if (this.count + 2 > this.offsets.length) this.offsets = grow(this.offsets, this.count + 2);
    this.offsets[++this.count] = this.textLength;
  }

  finish(): WatchIndex {
    const pairs = this.pairs.subarray(0, this.pairCount).sort();
    const keys = new Uint32Array(this.pairCount);
    const slots = new Uint32Array(this.pairCount);
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i] ?? 0;
      keys[i] = Math.floor(p / SLOT_SCALE);
      slots[i] = p % SLOT_SCALE;
    }
    return new WatchIndex({ keys, slots, offsets: this.offsets.slice(0, this.count + 1), text: this.text.slice(0, this.textLength) });
  }
}

/** Double a typed array until it holds `least` elements. */
function grow<T extends Float64Array | Uint8Array | Uint32Array>(array: T, least: number): T {
  let size = array.length * 2;
  while (size < least) size *= 2;
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}

/** A built watch list: candidates by blocking key, and their folded records. */
export class WatchIndex {
  private readonly decoder = new TextDecoder();

  constructor(readonly data: WatchIndexData) {}

  /** An index with no entries. */
  static empty(): WatchIndex {
    return new WatchIndexBuilder(0).finish();
  }

  get size(): number {
    return this.data.offsets.length - 1;
  }

  /** Bytes the index holds. */
  get bytes(): number {
    const d = this.data;
    return d.keys.byteLength + d.slots.byteLength + d.offsets.byteLength + d.text.byteLength;
  }

  /** The entries any of `keys` blocks, each once. */
  candidates(keys: Iterable<number>): Set<number> {
    const found = new Set<number>();
    const { keys: sorted, slots } = this.data;
    for (const key of keys) {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((sorted[mid] ?? 0) < key) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < sorted.length && sorted[i] === key; i++) found.add(slots[i] ?? 0);
    }
    return found;
  }

  /** Entry `slot`, read back. */
  entry(slot: number): IndexedEntry {
    const { offsets, text } = this.data;
    const record = this.decoder.decode(text.subarray(offsets[slot], offsets[slot + 1]));
    const [id = "", category, dob = "0", names = ""] = record.split("\t");
    return {
      id,
      category: category as WatchCategory,
      dob: Number(dob),
      names: names.split(";").map((n) => {
        const [given = "", family = ""] = n.split("|");
        return { given: split(given), family: split(family) };
      }),
    };
  }
}

/** The buffers of an index's data, to transfer it to another thread. */
export function watchTransferList(data: WatchIndexData): ArrayBuffer[] {
  return [data.keys, data.slots, data.offsets, data.text].map((a) => a.buffer as ArrayBuffer);
}
