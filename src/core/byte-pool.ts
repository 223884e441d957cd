/**
 * A growing pool of short strings as bytes: entry i is `bytes[ends[i - 1] .. ends[i]]` (entry 0 starts at 0). A million
 * holder ids cost their bytes plus four bytes each, in two arrays that `postMessage` can transfer, where a million heap
 * strings would have to be serialised one by one.
 */
import { NO_PROGRESS, type Progress, arrayOf, badShape, countOf, fieldsOf, fitted, grown, nextLength } from "./typed-data.js";

/** A pool's whole state. */
export interface BytePoolData {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** End offset of each entry in `bytes`; only the first `count` are entries. */
  readonly ends: Uint32Array<ArrayBuffer>;
  readonly count: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** UTF-8 bytes a UTF-16 code unit can need (a surrogate pair needs 4 for its 2 units). */
const MAX_BYTES_PER_UNIT = 3;
/** Ends are Uint32: the pool holds at most 4 GiB of text. */
const MAX_BYTES = 2 ** 32 - 1;
/** A surrogate without its other half: UTF-8 cannot hold it (TextEncoder writes U+FFFD, so the text would not come back). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Below 0x80 a UTF-16 code unit is one UTF-8 byte of the same value. */
const ASCII_LIMIT = 0x80;

/** Strings appended one after another, read back by entry number. Only `push*` write, and only to the end. */
export class BytePool {
  #bytes: Uint8Array<ArrayBuffer>;
  #ends: Uint32Array<ArrayBuffer>;
  #count: number;
  #used: number;
  readonly #progress: Progress;

  /** A pool over `data`, trusted to be consistent (see `checkedData`); growing, it sizes itself from `progress`. */
  constructor(data: BytePoolData, progress = NO_PROGRESS) {
    [this.#bytes, this.#ends, this.#count, this.#progress] = [data.bytes, data.ends, data.count, progress];
    this.#used = data.count === 0 ? 0 : (data.ends[data.count - 1] ?? 0);
  }

  /** An empty pool with room for `entries` entries of `bytes` bytes in all; past them it grows as `nextLength` says. */
  static empty(entries: number, bytes: number, progress: Progress): BytePool {
    return new BytePool({ bytes: new Uint8Array(Math.max(bytes, 1)), ends: new Uint32Array(Math.max(entries, 1)), count: 0 }, progress);
  }

  /** Pool data from another thread said to hold `count` entries, checked; RangeError naming `what` when its shape is wrong. O(1). */
  static checkedData(value: unknown, count: number, what: string): BytePoolData {
    const f = fieldsOf(value, what);
    if (countOf(f.count, MAX_BYTES, `${what}.count`) !== count) badShape(`${what}.count is not ${count}`);
    const [bytes, ends] = [arrayOf(f.bytes, "Uint8Array", 0, `${what}.bytes`), arrayOf(f.ends, "Uint32Array", count, `${what}.ends`)];
    if (count > 0 && (ends[count - 1] ?? 0) > bytes.length) badShape(`${what}.ends run past ${what}.bytes`);
    return { bytes, ends, count };
  }

  /** Number of entries. */
  get count(): number {
    return this.#count;
  }

  /** Appends `text` as UTF-8 (ASCII without the encoder, allocating nothing). False, appending nothing, for a lone surrogate. */
  pushText(text: string): boolean {
    this.#reserve(MAX_BYTES_PER_UNIT * text.length);
    const bytes = this.#bytes;
    let at = this.#used;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= ASCII_LIMIT) return this.#pushUtf8(text);
      bytes[at++] = c;
    }
    this.#close(at);
    return true;
  }

  /** Appends the char `prefix` then `text` from index `from`, a byte a char: every char must be ASCII. */
  pushAscii(prefix: number, text: string, from: number): void {
    this.#reserve(1 + text.length - from);
    const bytes = this.#bytes;
    let at = this.#used;
    bytes[at++] = prefix;
    for (let i = from; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
    this.#close(at);
  }

  /** Entry `i` decoded as UTF-8. */
  text(i: number): string {
    return decoder.decode(this.#bytes.subarray(this.#start(i), this.#ends[i] ?? 0));
  }

  /** True when entry `i` has no bytes. */
  isEmpty(i: number): boolean {
    return this.#start(i) === (this.#ends[i] ?? 0);
  }

  /** True when entry `i` is the char `prefix` then `text` from index `from`, compared char by char: no substring is made. */
  equals(i: number, prefix: number, text: string, from: number): boolean {
    const [start, end, bytes] = [this.#start(i), this.#ends[i] ?? 0, this.#bytes];
    if (end - start !== 1 + text.length - from || bytes[start] !== prefix) return false;
    for (let at = start + 1, j = from; at < end; at++, j++) if (bytes[at] !== text.charCodeAt(j)) return false;
    return true;
  }

  /** The state as it is, no copy. */
  toData(): BytePoolData {
    return { bytes: this.#bytes, ends: this.#ends, count: this.#count };
  }

  /** The state with arrays cut to size when over a quarter is spare: for an index, which never appends. */
  fittedData(): BytePoolData {
    return { bytes: fitted(this.#bytes, this.#used), ends: fitted(this.#ends, this.#count), count: this.#count };
  }

  #start(i: number): number {
    return i === 0 ? 0 : (this.#ends[i - 1] ?? 0);
  }

  /** Room for one more entry of up to `bytes` bytes. */
  #reserve(bytes: number): void {
    const [used, needed, p] = [this.#used, this.#used + bytes, this.#progress];
    if (needed > MAX_BYTES) throw new RangeError(`more than ${MAX_BYTES} bytes of text`);
    if (needed > this.#bytes.length) this.#bytes = grown(this.#bytes, Math.min(MAX_BYTES, nextLength(this.#bytes.length, used, needed, p)), used);
    const count = this.#count;
    if (count === this.#ends.length) this.#ends = grown(this.#ends, nextLength(count, count, count + 1, p), count);
  }

  #pushUtf8(text: string): boolean {
    if (LONE_SURROGATE.test(text)) return false;
    this.#close(this.#used + encoder.encodeInto(text, this.#bytes.subarray(this.#used)).written);
    return true;
  }

  #close(end: number): void {
    this.#ends[this.#count++] = end;
    this.#used = end;
  }
}
