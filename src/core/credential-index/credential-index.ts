/**
 * The credential index: every cardholder of a site in typed arrays, so that a controller-sized list costs tens of
 * megabytes, a known-format lookup allocates nothing, and a whole index can be built in a worker thread and handed to
 * the thread that decides with `postMessage(data, transferList(data))` at O(1) cost: the receiver checks lengths, never
 * walks the holders. Pure: no I/O, no clock.
 *
 * Parts: holder columns (holder-columns.ts), ids and PINs in byte pools (byte-pool.ts), known-format badges in a hash
 * of packed fields (badge-table.ts), raw-bits and digits badges in a hash over their bytes (key-table.ts), all filled
 * by the builder (credential-builder.ts).
 */
import { decodeBits } from "../badge.js";
import { BadgeTable, type BadgeTableData, MAX_HOLDERS, fieldsFit, formatCode, unpack } from "./badge-table.js";
import { BytePool, type BytePoolData } from "../byte-pool.js";
import { CredentialBuilder } from "./credential-builder.js";
import { type BadgeKey, type CredentialRecord, type KnownFormat, NOT_FOUND } from "./credential-record.js";
import { FLAG_EXTENDED_UNLOCK, type HolderColumns, checkedColumns } from "./holder-columns.js";
import { DIGITS_KIND, KeyTable, type KeyTableData, RAW_KIND, significantFrom } from "./key-table.js";
import { HOLDER_STATUSES, type HolderStatus, ROLES, type Role } from "../model.js";
import { countOf, fieldsOf } from "../typed-data.js";

export { type BadgeKey, type CredentialRecord, type KnownFormat, NOT_FOUND } from "./credential-record.js";

/**
 * An index's whole state: plain objects, typed arrays and numbers only, so `postMessage` can transfer it (see
 * `transferList`). Arrays may be longer than what they hold (room the builder did not use).
 */
export interface CredentialIndexData {
  /** Holders, in slots 0..holderCount-1; every column and per-holder pool has at least this many entries. */
  readonly holderCount: number;
  readonly columns: HolderColumns;
  /** Holder ids as UTF-8, an entry a slot. */
  readonly ids: BytePoolData;
  /** PINs as ASCII digits, an entry a slot; an empty entry is no PIN (a PIN has at least one digit). */
  readonly pins: BytePoolData;
  /** Known-format badges. */
  readonly badges: BadgeTableData;
  /** Raw-bits and keyboard-digits badges. */
  readonly keys: KeyTableData;
}

const orNull = (t: number | undefined): number | null => (t === undefined || Number.isNaN(t) ? null : t);

/**
 * Every holder and badge of a site, column by column; immutable once built. Slots are 0..holderCount-1 in build order.
 * Transferring an index's data away detaches its arrays: the index that gave it then finds no badge and throws
 * RangeError for every slot, so transfer only an index this thread is done with.
 */
export class CredentialIndex {
  static readonly EMPTY: CredentialIndex = CredentialIndex.build([]); // no holders
  readonly holderCount: number;
  /** Distinct badges (a badge listed twice for one holder counts once). */
  readonly badgeCount: number;
  readonly #cols: HolderColumns;
  readonly #ids: BytePool;
  readonly #pins: BytePool;
  readonly #badges: BadgeTable;
  readonly #keys: KeyTable;

  /** An index over data trusted to be consistent: a builder's, or checked by `fromData`. */
  private constructor(data: CredentialIndexData) {
    [this.holderCount, this.#cols] = [data.holderCount, data.columns];
    [this.#ids, this.#pins] = [new BytePool(data.ids), new BytePool(data.pins)];
    [this.#badges, this.#keys] = [new BadgeTable(data.badges), new KeyTable(data.keys)];
    this.badgeCount = this.#badges.count + this.#keys.count;
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
   * `finish` takes µs, not ms, at any size; after it, `add` and `finish` throw RangeError.
   */
  static builder(expected: number): { add(record: CredentialRecord): void; finish(): CredentialIndex } {
    const builder = new CredentialBuilder(expected);
    return { add: (r) => builder.add(r), finish: () => new CredentialIndex(builder.finish()) };
  }

  /**
   * The index over `data` from `toData`, typically received from another thread. O(1) in the holder count: checks the
   * kinds and lengths of the arrays and the counts (RangeError naming the part at fault), never the entries.
   */
  static fromData(data: unknown): CredentialIndex {
    const f = fieldsOf(data, "data");
    const n = countOf(f.holderCount, MAX_HOLDERS, "holderCount");
    const columns = checkedColumns(f.columns, n);
    const [ids, pins] = [BytePool.checkedData(f.ids, n, "ids"), BytePool.checkedData(f.pins, n, "pins")];
    return new CredentialIndex({ holderCount: n, columns, ids, pins, badges: BadgeTable.checkedData(f.badges), keys: KeyTable.checkedData(f.keys) });
  }

  /**
   * The index's whole state, sharing its arrays (no copy): transfer it with `transferList`, or rebuild with `fromData`.
   * Transfer only an index this thread is done with, never EMPTY, which the whole thread shares.
   */
  toData(): CredentialIndexData {
    const [ids, pins] = [this.#ids.toData(), this.#pins.toData()];
    return { holderCount: this.holderCount, columns: { ...this.#cols }, ids, pins, badges: this.#badges.toData(), keys: this.#keys.toData() };
  }

  /** Holder slot for a decoded known-format read, or NOT_FOUND. No allocation. */
  findKnown(format: KnownFormat, facility: number, number: number): number {
    const code = formatCode(format);
    return fieldsFit(code, facility, number) ? this.#badges.find(code, facility, number) : NOT_FOUND;
  }

  /** Holder slot for raw bits, or NOT_FOUND: a 26/35/37-bit read with valid parity is looked up as its format. */
  findRaw(bits: string): number {
    const d = decodeBits(bits);
    if (d.format !== "raw" && d.parityOk) return this.findKnown(d.format, d.facility ?? 0, d.number ?? 0);
    return this.#keys.find(RAW_KIND, bits, 0);
  }

  /** Holder slot for keyboard-wedge digits (leading zeros ignored), or NOT_FOUND. */
  findDigits(digits: string): number {
    const from = significantFrom(digits);
    return from < 0 ? NOT_FOUND : this.#keys.find(DIGITS_KIND, digits, from);
  }

  /* Per-slot fields; each throws RangeError for a slot that is not a holder's. */
  #at(slot: number): number {
    // The column length too: an index whose data was transferred away has empty columns and no holder left.
    if (Number.isInteger(slot) && slot >= 0 && slot < this.holderCount && slot < this.#cols.role.length) return slot;
    throw new RangeError(`no holder slot ${slot}`);
  }
  holderId(slot: number): string { return this.#ids.text(this.#at(slot)); }
  role(slot: number): Role { return ROLES[this.#cols.role[this.#at(slot)] ?? 0] ?? "student"; }
  status(slot: number): HolderStatus { return HOLDER_STATUSES[this.#cols.status[this.#at(slot)] ?? 0] ?? "active"; }
  validFrom(slot: number): number | null { return orNull(this.#cols.validFrom[this.#at(slot)]); }
  validUntil(slot: number): number | null { return orNull(this.#cols.validUntil[this.#at(slot)]); }
  profile(slot: number): number { return this.#cols.profile[this.#at(slot)] ?? 0; }
  pin(slot: number): string | null { const s = this.#at(slot); return this.#pins.isEmpty(s) ? null : this.#pins.text(s); }
  extendedUnlock(slot: number): boolean { return ((this.#cols.flags[this.#at(slot)] ?? 0) & FLAG_EXTENDED_UNLOCK) !== 0; }

  /**
   * Records back out in slot order, badges in canonical form: known formats by (format, facility, number), a raw
   * badge with valid parity decoded; then raw bits and digits (without leading zeros) in the order given.
   */
  *records(): IterableIterator<CredentialRecord> {
    const n = this.holderCount;
    const { start, keys } = this.#badges.bySlot(n);
    const extra = new Map<number, BadgeKey[]>();
    for (let e = 0; e < this.#keys.count; e++) {
      const [slot, badge] = [this.#keys.owner(e), this.#keys.badge(e)];
      extra.get(slot)?.push(badge) ?? extra.set(slot, [badge]);
    }
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

/** The distinct buffers under `data`'s arrays: `postMessage(data, transferList(data))` moves them instead of copying. */
export function transferList(data: CredentialIndexData): ArrayBuffer[] {
  const { columns: c, ids, pins, keys } = data;
  const arrays = [c.role, c.status, c.flags, c.validFrom, c.validUntil, c.profile, ids.bytes, ids.ends, pins.bytes, pins.ends];
  arrays.push(data.badges.table, keys.table, keys.keys.bytes, keys.keys.ends, keys.owners);
  return [...new Set(arrays.map((a) => a.buffer))];
}
