/**
 * Per-holder fields in typed-array columns, one element per slot: 21 bytes a holder. Role and status are codes (their
 * index in ROLES and HOLDER_STATUSES), a validity with no bound is NaN, and the flags hold booleans.
 */
import { HOLDER_STATUSES, ROLES } from "../model.js";
import { type Column, arrayOf, fieldsOf, fitted, grown } from "../typed-data.js";

/** The columns; each may be longer than the holder count (spare room for growth). */
export interface HolderColumns {
  readonly role: Uint8Array<ArrayBuffer>;
  readonly status: Uint8Array<ArrayBuffer>;
  readonly flags: Uint8Array<ArrayBuffer>;
  readonly validFrom: Float64Array<ArrayBuffer>;
  readonly validUntil: Float64Array<ArrayBuffer>;
  readonly profile: Uint16Array<ArrayBuffer>;
}

/** Codes by name, in Maps rather than objects because names arrive untrusted: "toString" is no role. */
export const ROLE_CODES: ReadonlyMap<string, number> = new Map(ROLES.map((r, i) => [r, i]));
/** Status codes by name (see ROLE_CODES). */
export const STATUS_CODES: ReadonlyMap<string, number> = new Map(HOLDER_STATUSES.map((s, i) => [s, i]));
/** Bit of the flags column: the holder gets the extended unlock time. */
export const FLAG_EXTENDED_UNLOCK = 1;
/** Profiles live in a Uint16Array column. */
export const PROFILE_LIMIT = 2 ** 16;

/** Empty columns for `n` holders. */
export function newColumns(n: number): HolderColumns {
  const [u8, f64] = [(): Uint8Array<ArrayBuffer> => new Uint8Array(n), (): Float64Array<ArrayBuffer> => new Float64Array(n)];
  return { role: u8(), status: u8(), flags: u8(), validFrom: f64(), validUntil: f64(), profile: new Uint16Array(n) };
}

/** Applies `f` to every column. */
function eachColumn(c: HolderColumns, f: <T extends Column>(column: T) => T): HolderColumns {
  return { role: f(c.role), status: f(c.status), flags: f(c.flags), validFrom: f(c.validFrom), validUntil: f(c.validUntil), profile: f(c.profile) };
}

/** Columns for `n` holders holding the first `count` holders of `c`. */
export function grownColumns(c: HolderColumns, n: number, count: number): HolderColumns {
  return eachColumn(c, (column) => grown(column, n, count));
}

/** Columns cut to `count` holders by a copy when over a quarter is spare. */
export function fittedColumns(c: HolderColumns, count: number): HolderColumns {
  return eachColumn(c, (column) => fitted(column, count));
}

/** Columns from another thread for `n` holders; RangeError when their shape is wrong. O(1). */
export function checkedColumns(value: unknown, n: number): HolderColumns {
  const f = fieldsOf(value, "columns");
  const u8 = (name: "role" | "status" | "flags"): Uint8Array<ArrayBuffer> => arrayOf(f[name], "Uint8Array", n, `columns.${name}`);
  const f64 = (name: "validFrom" | "validUntil"): Float64Array<ArrayBuffer> => arrayOf(f[name], "Float64Array", n, `columns.${name}`);
  const [role, status, flags, validFrom, validUntil] = [u8("role"), u8("status"), u8("flags"), f64("validFrom"), f64("validUntil")];
  return { role, status, flags, validFrom, validUntil, profile: arrayOf(f.profile, "Uint16Array", n, "columns.profile") };
}
