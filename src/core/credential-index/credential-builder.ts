/**
 * Builds a credential index's data record by record: checks every field, names the holder in each RangeError (both
 * holders for a badge given twice), and fills growing columns, byte pools and tables. `finish` hands everything over
 * once; the builder then refuses records, so it can never write into arrays an index owns.
 */
import { decodeBits } from "../badge.js";
import { BadgeTable, MAX_HOLDERS, fieldLimits, fieldsFit, fits, formatCode, formatOf } from "./badge-table.js";
import { BytePool } from "../byte-pool.js";
import type { CredentialIndexData } from "./credential-index.js";
import type { BadgeKey, CredentialRecord } from "./credential-record.js";
import {
  FLAG_EXTENDED_UNLOCK,
  type HolderColumns,
  PROFILE_LIMIT,
  ROLE_CODES,
  STATUS_CODES,
  fittedColumns,
  grownColumns,
  newColumns,
} from "./holder-columns.js";
import { DIGITS_KIND, KeyTable, RAW_KIND, significantFrom } from "./key-table.js";

/** Id bytes per expected holder before the pool grows: district ids run 7–10 ASCII chars, and the pool doubles past it. */
const ID_BYTES = 8;
/** PIN bytes per expected holder before the pool grows: most holders have none; past an eighth of the list the pool projects its size from them. */
const PIN_BYTES = 1 / 16;

const isTime = (t: number | null): boolean => t === null || Number.isFinite(t);

/** What a builder fills; gone once finished. */
interface Parts {
  columns: HolderColumns;
  count: number;
  readonly ids: BytePool;
  /** An entry a holder: the PIN digits, or nothing for no PIN. */
  readonly pins: BytePool;
  readonly badges: BadgeTable;
  readonly keys: KeyTable;
}

/** Accumulates records into growing columns, pools and tables. */
export class CredentialBuilder {
  #parts: Parts | null;
  /** Id of the holder being added, for error messages. */
  #current = "";

  /** Holders added against holders expected: pools and tables that fill as holders come size themselves from it. */
  readonly #progress: { done: number; readonly expected: number };

  /** A builder sized for `expected` holders: growing past them copies the columns. */
  constructor(expected: number) {
    const p = (this.#progress = { done: 0, expected });
    this.#parts = {
      columns: newColumns(Math.max(expected, 1)),
      count: 0,
      ids: BytePool.empty(expected, expected * ID_BYTES, p),
      pins: BytePool.empty(expected, Math.ceil(expected * PIN_BYTES), p),
      badges: BadgeTable.empty(expected),
      keys: KeyTable.empty(p),
    };
  }

  /** Adds a holder in the next slot; RangeError naming the holder on a bad field or a badge another holder has. */
  add(r: CredentialRecord): void {
    const s = this.#open();
    this.#current = String(r.holderId);
    const slot = s.count;
    if (slot >= MAX_HOLDERS) this.#fail(`more than ${MAX_HOLDERS} holders`);
    const role = ROLE_CODES.get(r.role) ?? this.#fail(`unknown role "${r.role}"`);
    const status = STATUS_CODES.get(r.status) ?? this.#fail(`unknown status "${r.status}"`);
    if (!isTime(r.validFrom) || !isTime(r.validUntil) || !fits(r.profile, PROFILE_LIMIT)) {
      this.#fail("validity (time or null) or profile (0..65535) is wrong");
    }
    const pin = r.pin === null ? "" : String(r.pin);
    if (r.pin !== null && significantFrom(pin) < 0) this.#fail("PIN is not digits");
    if (!s.ids.pushText(this.#current)) this.#fail("id is not well-formed Unicode (it has a lone surrogate)");
    s.pins.pushText(pin);
    if (slot === s.columns.role.length) s.columns = grownColumns(s.columns, 2 * slot, slot);
    const c = s.columns;
    c.role[slot] = role;
    c.status[slot] = status;
    c.flags[slot] = r.extendedUnlock ? FLAG_EXTENDED_UNLOCK : 0;
    c.validFrom[slot] = r.validFrom ?? Number.NaN;
    c.validUntil[slot] = r.validUntil ?? Number.NaN;
    c.profile[slot] = r.profile;
    this.#progress.done = ++s.count;
    for (let i = 0; i < r.badges.length; i++) this.#badge(s, r.badges[i] as BadgeKey, slot); // for-of allocates an iterator per holder
  }

  /** The index data, columns and pools cut to size only when over a quarter is spare (µs, not ms). Once only. */
  finish(): CredentialIndexData {
    const s = this.#open();
    this.#parts = null;
    const n = s.count;
    const [columns, ids, pins] = [fittedColumns(s.columns, n), s.ids.fittedData(), s.pins.fittedData()];
    return { holderCount: n, columns, ids, pins, badges: s.badges.toData(), keys: s.keys.fittedData() };
  }

  #open(): Parts {
    if (this.#parts === null) throw new RangeError("the index is already built");
    return this.#parts;
  }

  #fail(why: string): never {
    throw new RangeError(`holder "${this.#current}": ${why}`);
  }

  #badge(s: Parts, b: BadgeKey, slot: number): void {
    if ("digits" in b) {
      const digits = String(b.digits);
      const from = significantFrom(digits);
      return from < 0 ? this.#fail("digits badge is not digits") : this.#share(s, DIGITS_KIND, digits, from, slot);
    }
    if ("bits" in b) {
      if (typeof b.bits !== "string" || !/^[01]{1,256}$/.test(b.bits)) this.#fail("raw badge is not 1..256 bits"); // as badge.ts reads
      const d = decodeBits(b.bits);
      if (d.format === "raw" || !d.parityOk) return this.#share(s, RAW_KIND, b.bits, 0, slot);
      return this.#known(s, formatCode(d.format), d.facility ?? 0, d.number ?? 0, slot);
    }
    const code = formatCode(b.format);
    if (code === 0) this.#fail(`unknown badge format "${String(b.format)}"`);
    const [fl, nl] = fieldLimits(code);
    if (!fieldsFit(code, b.facility, b.number)) this.#fail(`${b.format} facility ${b.facility} number ${b.number} does not fit (< ${fl}, < ${nl})`);
    this.#known(s, code, b.facility, b.number, slot);
  }

  #share(s: Parts, kind: number, text: string, from: number, slot: number): void {
    const owner = s.keys.claim(kind, text, from, slot);
    if (owner !== slot) this.#fail(`a ${kind === RAW_KIND ? "raw" : "digits"} badge is also given to "${s.ids.text(owner)}"`);
  }

  #known(s: Parts, code: number, facility: number, number: number, slot: number): void {
    const owner = s.badges.claim(code, facility, number, slot);
    if (owner !== slot) this.#fail(`a ${formatOf(code)} badge is also given to "${s.ids.text(owner)}"`);
  }
}
