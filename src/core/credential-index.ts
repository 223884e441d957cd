/**
 * The credential index: every cardholder of a site in typed-array columns, so that a controller-sized list costs
 * tens of megabytes and a lookup allocates nothing. Pure: no I/O, no clock. Known-format badges are packed into one
 * integer in an open-addressing hash table (linear probing, load ≤ 1/2, 8 bytes an entry): at 1M badges ~30–60 ns a
 * lookup against ~230 ns for binary search in a sorted Float64Array (one or two cache lines, not twenty dependent
 * reads), and an O(n) build with no sort.
 */
import { decodeBits } from "./badge.js";
import { type HolderStatus, ROLES, type Role } from "./model.js";

/** Badge formats whose fields are packed into the hash table. */
export type KnownFormat = "h10301" | "corp1000" | "h10304";

/** A badge as configured or synced. */
export type BadgeKey =
  | { readonly format: KnownFormat; readonly facility: number; readonly number: number }
  /** Raw bits (1..256); a 26/35/37-bit badge whose parity is valid is indexed as its decoded format. */
  | { readonly bits: string }
  /** Keyboard-wedge digits; leading zeros are ignored. */
  | { readonly digits: string };

/** One cardholder as the index stores it. */
export interface CredentialRecord {
  readonly holderId: string;
  readonly role: Role;
  readonly status: HolderStatus;
  /** Epoch ms from which the credential is valid, or null for no start. */
  readonly validFrom: number | null;
  /** Epoch ms until which the credential is valid (exclusive), or null for no end. */
  readonly validUntil: number | null;
  /** Index into the site's access profiles (an interned set of access groups), assigned by the compiler. 0..65535. */
  readonly profile: number;
  /** PIN digits for card+PIN doors, or null. */
  readonly pin: string | null;
  /** Extended unlock time (accessibility). */
  readonly extendedUnlock: boolean;
  readonly badges: readonly BadgeKey[];
}

/** What the find methods return when no holder has the badge. */
export const NOT_FOUND = -1;

/**
 * Packing of a known-format badge: `code * 2^36 + facility * 2^20 + number`, code 1..3 in the order of FORMAT_CODES.
 * The widest facility is 16 bits (H10304) and the widest number 20 bits (Corporate 1000), so the fields never overlap:
 * the packing is injective and below 2^38. A table entry is two words: the low 32 bits, and a tag
 * `high | (slot + 1) << 6` with `high` the top 6 bits (code, facility bits 12–15). Tag 0: empty. Slots stop below 2^26.
 */
const FORMAT_CODES: readonly KnownFormat[] = ["h10301", "corp1000", "h10304"];
/** 2^width of each field per format code (index 0 unused); widths from REFERENCE.md "Badge formats". */
const FACILITY_LIMIT = [0, 2 ** 8, 2 ** 12, 2 ** 16];
const NUMBER_LIMIT = [0, 2 ** 16, 2 ** 20, 2 ** 19];
const NUMBER_SHIFT = 20;
const HIGH_BITS = 6;
const HIGH_MASK = (1 << HIGH_BITS) - 1;
const MAX_HOLDERS = 2 ** (32 - HIGH_BITS) - 1;
const MIN_TABLE = 16; // entries; sizes are powers of two so that `& mask` replaces `%`
const PROFILE_LIMIT = 2 ** 16; // profiles live in a Uint16Array column
const FLAG_EXTENDED_UNLOCK = 1; // bit of the flags column
const STATUSES: readonly HolderStatus[] = ["active", "suspended", "lost"];
/** Column codes by name, in Maps rather than objects because names arrive untrusted: "toString" is no role. */
const ROLE_CODES: ReadonlyMap<string, number> = new Map(ROLES.map((r, i) => [r, i]));
const STATUS_CODES: ReadonlyMap<string, number> = new Map(STATUSES.map((s, i) => [s, i]));

const formatCode = (f: string): number => (f === "h10301" ? 1 : f === "corp1000" ? 2 : f === "h10304" ? 3 : 0);
const lowWord = (facility: number, number: number): number => (((facility & 0xfff) << NUMBER_SHIFT) | number) >>> 0;
const highBits = (code: number, facility: number): number => (code << 4) | (facility >>> 12);
/** True for an integer in 0..limit-1 (limit ≤ 2^32, so `>>> 0` keeps every such integer). */
const fits = (value: number, limit: number | undefined): boolean => value >>> 0 === value && value < (limit ?? 0);
const isTime = (t: number | null): boolean => t === null || Number.isFinite(t);
const orNull = (t: number | undefined): number | null => (t === undefined || Number.isNaN(t) ? null : t);
const isDigits = (text: string): boolean => /^[0-9]+$/.test(text);
/** Digits without leading zeros, keeping one digit ("000" → "0"): readers pad card numbers differently. */
const trimZeros = (digits: string): string => digits.replace(/^0+(?=[0-9])/, "");
const unpack = (p: number): BadgeKey =>
  ({ format: FORMAT_CODES[Math.floor(p / 2 ** 36) - 1] ?? "h10301", facility: Math.floor(p / 2 ** NUMBER_SHIFT) % 2 ** 16, number: p % 2 ** NUMBER_SHIFT });

/** murmur3's 32-bit finaliser over both words: sequential card numbers spread over the table. */
function mix(low: number, high: number): number {
  let h = low ^ Math.imul(high, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Entry of a key in a table (word pairs: low, tag), or the empty entry that ends its probe sequence. */
function probe(table: Uint32Array, low: number, high: number): number {
  const mask = (table.length >>> 1) - 1;
  let p = mix(low, high) & mask;
  for (;;) {
    const tag = table[2 * p + 1] ?? 0;
    if (tag === 0 || ((tag & HIGH_MASK) === high && table[2 * p] === low)) return p;
    p = (p + 1) & mask;
  }
}

/** Holder columns; a null validity is NaN. */
type Columns = Record<"role" | "status" | "flags", Uint8Array> & Record<"validFrom" | "validUntil", Float64Array> & { profile: Uint16Array; nameAt: Uint32Array };
/** Columns for `n` holders holding the first `count` holders of `from`. */
function allocate(n: number, from?: Columns, count = 0): Columns {
  const [u8, f64] = [(): Uint8Array => new Uint8Array(n), (): Float64Array => new Float64Array(n)];
  const c: Columns = { role: u8(), status: u8(), flags: u8(), validFrom: f64(), validUntil: f64(), profile: new Uint16Array(n), nameAt: new Uint32Array(n) };
  if (from !== undefined) for (const k of Object.keys(c) as (keyof Columns)[]) c[k].set(from[k].subarray(0, count) as never);
  return c;
}
const CHUNK_BITS = 10; // ids are joined per 2^10 holders: a third of the memory of separate strings, µs to join

/** Accumulates records into growing columns and tables. */
class Builder {
  cols: Columns;
  /** Holder ids: whole chunks joined, the open chunk's ids apart; holder s's id ends at `cols.nameAt[s]` in its chunk. */
  readonly chunks: string[] = [];
  open: string[] = [];
  chars = 0;
  count = 0;
  table: Uint32Array;
  known = 0;
  readonly extra = new Map<string, number>(); // "b" + raw bits or "d" + digits without leading zeros, to slots
  readonly pins = new Map<number, string>();
  sealed = false; // true once an index owns these tables: adding then would change a built index

  constructor(expected: number) {
    this.cols = allocate(Math.max(expected, 1));
    this.table = new Uint32Array(2 * Math.max(MIN_TABLE, 2 ** Math.ceil(Math.log2(2 * expected))));
  }

  fail(why: string): never { throw new RangeError(`holder "${String(this.open[this.open.length - 1])}": ${why}`); }
  /** Id of a holder already added. */
  name(slot: number): string {
    const [chunk, within] = [this.chunks[slot >>> CHUNK_BITS], slot & ((1 << CHUNK_BITS) - 1)];
    if (chunk === undefined) return this.open[within] ?? "";
    return chunk.slice(within === 0 ? 0 : this.cols.nameAt[slot - 1], this.cols.nameAt[slot]);
  }

  add(r: CredentialRecord): void {
    if (this.sealed) throw new RangeError("the index is already built");
    const slot = this.count++;
    if (this.open.length === 1 << CHUNK_BITS) [this.chunks[this.chunks.length], this.open, this.chars] = [this.open.join(""), [], 0];
    this.open.push(String(r.holderId));
    if (slot >= MAX_HOLDERS) this.fail(`more than ${MAX_HOLDERS} holders`);
    const role = ROLE_CODES.get(r.role) ?? this.fail(`unknown role "${r.role}"`);
    const status = STATUS_CODES.get(r.status) ?? this.fail(`unknown status "${r.status}"`);
    if (!isTime(r.validFrom) || !isTime(r.validUntil) || !fits(r.profile, PROFILE_LIMIT)) this.fail("validity (time or null) or profile (0..65535) is wrong");
    if (r.pin !== null && !isDigits(r.pin)) this.fail("PIN is not digits");
    if (slot === this.cols.role.length) this.cols = allocate(2 * slot, this.cols, slot);
    const c = this.cols;
    this.chars += this.open[this.open.length - 1]?.length ?? 0;
    c.nameAt[slot] = this.chars;
    c.role[slot] = role;
    c.status[slot] = status;
    c.flags[slot] = r.extendedUnlock ? FLAG_EXTENDED_UNLOCK : 0;
    c.validFrom[slot] = r.validFrom ?? Number.NaN;
    c.validUntil[slot] = r.validUntil ?? Number.NaN;
    c.profile[slot] = r.profile;
    if (r.pin !== null) this.pins.set(slot, r.pin);
    for (let i = 0; i < r.badges.length; i++) this.badge(r.badges[i] as BadgeKey, slot); // for-of allocates an iterator per holder
  }

  badge(b: BadgeKey, slot: number): void {
    if ("digits" in b) return this.share(`d${isDigits(String(b.digits)) ? trimZeros(b.digits) : this.fail("digits badge is not digits")}`, slot);
    if ("bits" in b) {
      if (typeof b.bits !== "string" || !/^[01]{1,256}$/.test(b.bits)) this.fail("raw badge is not 1..256 bits"); // as badge.ts reads
      const d = decodeBits(b.bits);
      if (d.format === "raw" || !d.parityOk) return this.share(`b${b.bits}`, slot);
      return this.known_(formatCode(d.format), d.facility ?? 0, d.number ?? 0, slot);
    }
    const code = formatCode(b.format);
    if (code === 0) this.fail(`unknown badge format "${String(b.format)}"`);
    const fl = FACILITY_LIMIT[code] ?? 0, nl = NUMBER_LIMIT[code] ?? 0;
    if (!fits(b.facility, fl) || !fits(b.number, nl)) this.fail(`${b.format} facility ${b.facility} number ${b.number} does not fit (< ${fl}, < ${nl})`);
    this.known_(code, b.facility, b.number, slot);
  }

  share(key: string, slot: number): void {
    const owner = this.extra.get(key);
    if (owner !== undefined && owner !== slot) this.fail(`a ${key[0] === "b" ? "raw" : "digits"} badge is also given to "${this.name(owner)}"`);
    this.extra.set(key, slot);
  }

  known_(code: number, facility: number, number: number, slot: number): void {
    if (4 * (this.known + 1) > this.table.length) this.rehash();
    const low = lowWord(facility, number), high = highBits(code, facility);
    const owner = ((this.table[2 * probe(this.table, low, high) + 1] ?? 0) >>> HIGH_BITS) - 1;
    if (owner === NOT_FOUND) this.place(low, (high | ((slot + 1) << HIGH_BITS)) >>> 0);
    else if (owner !== slot) this.fail(`a ${FORMAT_CODES[code - 1]} badge is also given to "${this.name(owner)}"`);
  }

  /** Puts an entry known to be absent into the table. */
  place(low: number, tag: number): void {
    const p = probe(this.table, low, tag & HIGH_MASK);
    this.table[2 * p] = low;
    this.table[2 * p + 1] = tag;
    this.known++;
  }

  /** Doubles the table, keeping the load at most 1/2. */
  rehash(): void {
    const old = this.table;
    [this.table, this.known] = [new Uint32Array(2 * old.length), 0];
    for (let i = 0; i < old.length; i += 2) if (old[i + 1]) this.place(old[i] ?? 0, old[i + 1] ?? 0);
  }
}

/** Every holder and badge of a site, column by column; immutable once built. Slots are 0..holderCount-1 in build order. */
export class CredentialIndex {
  static readonly EMPTY: CredentialIndex = CredentialIndex.build([]); // no holders
  readonly holderCount: number;
  /** Distinct badges (a badge listed twice for one holder counts once). */
  readonly badgeCount: number;
  /** The finished builder holds the ids, PINs and Maps. */
  readonly #b: Builder;
  readonly #cols: Columns;
  readonly #table: Uint32Array;

  /** Seals a builder. Takes µs, not ms, at any size: decisions wait on it while a list applies. */
  private constructor(b: Builder) {
    if (b.sealed) throw new RangeError("the index is already built");
    const n = (this.holderCount = b.count);
    if (b.open.length > 0) [b.chunks[b.chunks.length], b.open] = [b.open.join(""), []];
    if (4 * n < 3 * b.cols.role.length) b.cols = allocate(n, b.cols, n); // copy only to free over a quarter spare
    [this.#b, this.#cols, this.#table, this.badgeCount] = [b, b.cols, b.table, b.known + b.extra.size];
    b.sealed = true;
  }

  /** Build from records; throws RangeError naming the holder on a badge that does not fit its format, and on a badge given to two holders (naming both). */
  static build(records: Iterable<CredentialRecord>): CredentialIndex {
    const builder = CredentialIndex.builder(Array.isArray(records) ? records.length : 0);
    for (const r of records) builder.add(r);
    return builder.finish();
  }

  /**
   * Build step by step, so a caller can add a large list in slices between other work (decisions keep running while a
   * district list of a million holders is indexed). Size it with the expected count: growing copies the columns.
   */
  static builder(expected: number): { add(record: CredentialRecord): void; finish(): CredentialIndex } {
    const builder = new Builder(expected);
    return { add: (r) => builder.add(r), finish: () => new CredentialIndex(builder) };
  }

  /** Holder slot for a decoded known-format read, or NOT_FOUND. No allocation. */
  findKnown(format: KnownFormat, facility: number, number: number): number {
    const code = formatCode(format);
    if (!fits(facility, FACILITY_LIMIT[code]) || !fits(number, NUMBER_LIMIT[code])) return NOT_FOUND;
    const tag = this.#table[2 * probe(this.#table, lowWord(facility, number), highBits(code, facility)) + 1] ?? 0;
    return tag === 0 ? NOT_FOUND : (tag >>> HIGH_BITS) - 1;
  }

  /** Holder slot for raw bits, or NOT_FOUND: a 26/35/37-bit read with valid parity is looked up as its format. */
  findRaw(bits: string): number {
    const d = decodeBits(bits);
    if (d.format !== "raw" && d.parityOk) return this.findKnown(d.format, d.facility ?? 0, d.number ?? 0);
    return this.#b.extra.get(`b${bits}`) ?? NOT_FOUND;
  }

  /** Holder slot for keyboard-wedge digits (leading zeros ignored), or NOT_FOUND. */
  findDigits(digits: string): number {
    return isDigits(digits) ? (this.#b.extra.get(`d${trimZeros(digits)}`) ?? NOT_FOUND) : NOT_FOUND;
  }

  /* Per-slot fields; each throws RangeError for a slot that is not a holder's. */
  #at(slot: number): number { if (Number.isInteger(slot) && slot >= 0 && slot < this.holderCount) return slot; throw new RangeError(`no holder slot ${slot}`); }
  holderId(slot: number): string { return this.#b.name(this.#at(slot)); }
  role(slot: number): Role { return ROLES[this.#cols.role[this.#at(slot)] ?? 0] ?? "student"; }
  status(slot: number): HolderStatus { return STATUSES[this.#cols.status[this.#at(slot)] ?? 0] ?? "active"; }
  validFrom(slot: number): number | null { return orNull(this.#cols.validFrom[this.#at(slot)]); }
  validUntil(slot: number): number | null { return orNull(this.#cols.validUntil[this.#at(slot)]); }
  profile(slot: number): number { return this.#cols.profile[this.#at(slot)] ?? 0; }
  pin(slot: number): string | null { return this.#b.pins.get(this.#at(slot)) ?? null; }
  extendedUnlock(slot: number): boolean { return ((this.#cols.flags[this.#at(slot)] ?? 0) & FLAG_EXTENDED_UNLOCK) !== 0; }

  /**
   * Records back out in slot order, badges in canonical form: known formats by (format, facility, number), a raw
   * badge with valid parity decoded; then raw bits and digits (without leading zeros) in the order given.
   */
  *records(): IterableIterator<CredentialRecord> {
    const [table, n, start] = [this.#table, this.holderCount, new Int32Array(this.holderCount + 2)];
    // Known badges grouped by slot with a counting sort. Slot s is counted at s + 2: after the prefix
    // sums start[s + 1] is where slot s begins, and filling through start[s + 1]++ leaves it in start[s].
    for (let i = 1; i < table.length; i += 2) if (table[i]) start[((table[i] ?? 0) >>> HIGH_BITS) + 1]! += 1;
    for (let s = 1; s <= n + 1; s++) start[s]! += start[s - 1] ?? 0;
    const keys = new Float64Array(start[n + 1] ?? 0);
    for (let i = 0; i < table.length; i += 2) {
      const tag = table[i + 1] ?? 0;
      if (tag !== 0) keys[start[tag >>> HIGH_BITS]!++] = (tag & HIGH_MASK) * 2 ** 32 + (table[i] ?? 0);
    }
    const extra = new Map<number, BadgeKey[]>();
    const add = (slot: number, b: BadgeKey): unknown => extra.get(slot)?.push(b) ?? extra.set(slot, [b]);
    for (const [key, slot] of this.#b.extra) add(slot, key[0] === "b" ? { bits: key.slice(1) } : { digits: key.slice(1) });
    for (let s = 0; s < n; s++) {
      const [from, to, badges]: [number, number, BadgeKey[]] = [start[s] ?? 0, start[s + 1] ?? 0, []];
      if (to - from > 1) keys.subarray(from, to).sort();
      for (let i = from; i < to; i++) badges.push(unpack(keys[i] ?? 0));
      badges.push(...(extra.get(s) ?? []));
      const [validFrom, validUntil, pin] = [this.validFrom(s), this.validUntil(s), this.pin(s)];
      yield { holderId: this.holderId(s), role: this.role(s), status: this.status(s), validFrom, validUntil,
        profile: this.profile(s), pin, extendedUnlock: this.extendedUnlock(s), badges };
    }
  }
}
