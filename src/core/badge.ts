/**
 * Wiegand badge formats: decode a read into facility and card number with a parity verdict, build
 * wire frames for a format, convert the text forms that readers and converters emit, and derive the
 * key under which a credential is indexed. Pure: no I/O, no clock.
 *
 * A read is a string of '0'/'1' characters, bit 1 (the first bit on the wire) first. Bit positions
 * in this file are 1-based wire positions, as in the format descriptions.
 */

/** Badge format recognised from the bit count; "raw" for any count without a known layout. */
export type BadgeFormat = "h10301" | "corp1000" | "h10304" | "raw";

/** A decoded Wiegand read. */
export interface DecodedBadge {
  /** Format picked from the bit count. */
  format: BadgeFormat;
  /** Facility code (company ID for Corporate 1000); null for raw reads. */
  facility: number | null;
  /** Card number; null for raw reads. */
  number: number | null;
  /** The read exactly as received, bit 1 first. */
  bits: string;
  /** True when every parity bit checks (always true for raw reads of '0'/'1' only). */
  parityOk: boolean;
}

/** One parity rule: the bit at `at` makes the count of ones over `at` and `over` even or odd. */
interface ParityRule {
  at: number;
  odd: boolean;
  over: readonly number[];
}

/** Field and parity layout of one known format; rules are applied in order when encoding. */
interface Layout {
  length: number;
  facilityStart: number;
  facilityWidth: number;
  numberStart: number;
  numberWidth: number;
  rules: readonly ParityRule[];
}

/** A layout turned into per-position tables so that decoding is one pass with no allocation. */
interface CompiledLayout extends Layout {
  format: Exclude<BadgeFormat, "raw">;
  /** Per position: bit k set when the position belongs to parity rule k. */
  groups: Uint8Array;
  /** Bit k set when rule k wants an odd count: the XOR of a valid frame's groups. */
  expected: number;
  /** Per position: 0 for none, FACILITY or NUMBER. */
  roles: Uint8Array;
}

/** Roles of a wire position in `CompiledLayout.roles` (parity bits have none). */
const FACILITY = 1;
const NUMBER = 2;

/** Inclusive range of positions, optionally filtered. */
function positions(from: number, to: number, keep: (p: number) => boolean = () => true): number[] {
  const out: number[] = [];
  for (let p = from; p <= to; p++) if (keep(p)) out.push(p);
  return out;
}

/** HID H10301 26-bit: P(even 2–13) FC(2–9) CN(10–25) P(odd 14–25). */
const H10301: Layout = {
  length: 26,
  facilityStart: 2,
  facilityWidth: 8,
  numberStart: 10,
  numberWidth: 16,
  rules: [
    { at: 1, odd: false, over: positions(2, 13) },
    { at: 26, odd: true, over: positions(14, 25) },
  ],
};

/**
 * HID Corporate 1000 35-bit: company ID bits 3–14, card number bits 15–34, three parity bits.
 * Masks from Proxmark3 `client/src/wiegand_formats.c`, `Pack_C1k35s` (RfidResearchGroup/proxmark3):
 * there `Bot` holds wire bits 4–35 (Bot bit i = wire bit 35 − i) and `Mid` bits 0–2 hold wire bits
 * 3, 2, 1. Bit 2 = evenparity(Mid&1 ^ Bot&0xB6DB6DB6): wire 3,4,6,7,…,33,34 (p mod 3 ≠ 2).
 * Bit 35 = oddparity(Mid&3 ^ Bot&0x6DB6DB6C): wire 2,3,5,6,…,32,33 (p mod 3 ≠ 1).
 * Bit 1 = oddparity over wire 2–35, computed last because it covers bits 2 and 35.
 */
const CORP1000: Layout = {
  length: 35,
  facilityStart: 3,
  facilityWidth: 12,
  numberStart: 15,
  numberWidth: 20,
  rules: [
    { at: 2, odd: false, over: positions(3, 34, (p) => p % 3 !== 2) },
    { at: 35, odd: true, over: positions(2, 33, (p) => p % 3 !== 1) },
    { at: 1, odd: true, over: positions(2, 35) },
  ],
};

/** HID H10304 37-bit: P(even 2–19) FC(2–17) CN(18–36) P(odd 19–36); bit 19 is in both windows. */
const H10304: Layout = {
  length: 37,
  facilityStart: 2,
  facilityWidth: 16,
  numberStart: 18,
  numberWidth: 19,
  rules: [
    { at: 1, odd: false, over: positions(2, 19) },
    { at: 37, odd: true, over: positions(19, 36) },
  ],
};

/** Precomputes the decode tables of a layout. */
function compile(format: CompiledLayout["format"], layout: Layout): CompiledLayout {
  const groups = new Uint8Array(layout.length);
  const roles = new Uint8Array(layout.length);
  let expected = 0;
  layout.rules.forEach((rule, k) => {
    for (const p of [rule.at, ...rule.over]) groups[p - 1] = (groups[p - 1] ?? 0) | (1 << k);
    if (rule.odd) expected |= 1 << k;
  });
  roles.fill(FACILITY, layout.facilityStart - 1, layout.facilityStart - 1 + layout.facilityWidth);
  roles.fill(NUMBER, layout.numberStart - 1, layout.numberStart - 1 + layout.numberWidth);
  return { ...layout, format, groups, expected, roles };
}

/** The known formats, compiled once at load. */
const LAYOUTS: Readonly<Record<CompiledLayout["format"], CompiledLayout>> = {
  h10301: compile("h10301", H10301),
  corp1000: compile("corp1000", CORP1000),
  h10304: compile("h10304", H10304),
};

/** Character codes of '0' and '1'. */
const ZERO = 48;
const ONE = 49;

/** Known layouts by bit count; any other count is raw. */
const BY_LENGTH: ReadonlyMap<number, CompiledLayout> = new Map(Object.values(LAYOUTS).map((l) => [l.length, l]));

/** True when every character is '0' or '1'. */
function isBitString(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== ZERO && c !== ONE) return false;
  }
  return true;
}

function rawBadge(bits: string, parityOk: boolean): DecodedBadge {
  return { format: "raw", facility: null, number: null, bits, parityOk };
}

/**
 * Decode a bit string: picks the format by length (26, 35, 37), otherwise raw (parityOk true).
 * A string holding anything but '0' and '1' decodes as raw with parityOk false, so it never matches
 * a credential. Fields are reported even when parity fails (for the audit trail).
 */
export function decodeBits(bits: string): DecodedBadge {
  const layout = BY_LENGTH.get(bits.length);
  if (layout === undefined) return rawBadge(bits, isBitString(bits));
  const { groups, roles } = layout;
  let acc = 0;
  let facility = 0;
  let number = 0;
  for (let i = 0; i < bits.length; i++) {
    const c = bits.charCodeAt(i);
    if (c !== ZERO && c !== ONE) return rawBadge(bits, false);
    const bit = c - ZERO;
    if (bit === 1) acc ^= groups[i] ?? 0;
    const role = roles[i];
    if (role === FACILITY) facility = facility * 2 + bit;
    else if (role === NUMBER) number = number * 2 + bit;
  }
  return { format: layout.format, facility, number, bits, parityOk: acc === layout.expected };
}

/** Throws RangeError unless `value` is an integer that fits in `width` bits. */
function checkField(format: string, field: string, value: number, width: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value >= 2 ** width) {
    throw new RangeError(`${field} does not fit ${format} (${width} bits, 0..${2 ** width - 1})`);
  }
}

/** Writes `value` MSB first into `out` starting at 1-based wire position `start`. */
function writeField(out: Uint8Array, start: number, width: number, value: number): void {
  let v = value;
  for (let i = width - 1; i >= 0; i--) {
    out[start - 1 + i] = v % 2;
    v = Math.floor(v / 2);
  }
}

/**
 * Build the wire bits (with correct parity) for a format, facility and number; throws RangeError
 * when a field does not fit. Used by tests, the demo and config.
 */
export function encodeBits(format: Exclude<BadgeFormat, "raw">, facility: number, number: number): string {
  const layout = LAYOUTS[format];
  checkField(format, "facility", facility, layout.facilityWidth);
  checkField(format, "number", number, layout.numberWidth);
  const out = new Uint8Array(layout.length);
  writeField(out, layout.facilityStart, layout.facilityWidth, facility);
  writeField(out, layout.numberStart, layout.numberWidth, number);
  for (const rule of layout.rules) {
    let ones = rule.odd ? 1 : 0;
    for (const p of rule.over) ones ^= out[p - 1] ?? 0;
    out[rule.at - 1] = ones;
  }
  let bits = "";
  for (const b of out) bits += b === 1 ? "1" : "0";
  return bits;
}

/** Largest bit count accepted in text form: well above any Wiegand or OSDP card format. */
const MAX_BITS = 256;
/** Longest text accepted: 256 bits in decimal is 78 digits; the cap keeps BigInt parsing cheap. */
const MAX_TEXT = 512;

/** True when text[from..] is non-empty and every character passes `ok`. */
function allChars(text: string, from: number, ok: (c: number) => boolean): boolean {
  if (from >= text.length) return false;
  for (let i = from; i < text.length; i++) if (!ok(text.charCodeAt(i))) return false;
  return true;
}

const isDigit = (c: number): boolean => c >= ZERO && c <= ZERO + 9;
const isHexDigit = (c: number): boolean =>
  isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66); // A–F, a–f

/** Parses "N:0xHEX" or "N:DEC" into a bit string, or null. */
function parseCounted(text: string, colon: number): string | null {
  const countText = text.slice(0, colon);
  // Three digits are enough for the largest count (256) and stop absurd counts before Number().
  if (countText.length > 3 || !allChars(countText, 0, isDigit)) return null;
  const count = Number(countText);
  if (count < 1 || count > MAX_BITS) return null;
  const value = text.slice(colon + 1);
  const hex = value.startsWith("0x") || value.startsWith("0X");
  if (hex ? !allChars(value, 2, isHexDigit) : !allChars(value, 0, isDigit)) return null;
  const binary = BigInt(value).toString(2);
  return binary.length > count ? null : binary.padStart(count, "0");
}

/**
 * Parse the text form used by simulated readers and converters: "26:0x2F764DD" (bit count : hex
 * value), "26:49767645" (bit count : decimal value), or a plain bit string "0101…". Returns the bit
 * string left-padded with zeros to the bit count, or null when malformed (count 1..256, value must
 * fit in the count, hex/decimal/bits only, no whitespace). BigInt keeps 37+ bit values exact.
 */
export function parseBadgeText(text: string): string | null {
  if (text.length > MAX_TEXT) return null;
  const colon = text.indexOf(":");
  if (colon >= 0) return parseCounted(text, colon);
  if (text.length < 1 || text.length > MAX_BITS || !isBitString(text)) return null;
  return text;
}

/**
 * Inverse of parseBadgeText's hex form: "26:0x2F764DD" (upper-case hex digits). Throws RangeError
 * when `bits` is not a bit string of 1..256 bits.
 */
export function formatBadgeText(bits: string): string {
  if (bits.length < 1 || bits.length > MAX_BITS || !isBitString(bits)) {
    throw new RangeError(`not a bit string of 1..${MAX_BITS} bits`);
  }
  return `${bits.length}:0x${BigInt(`0b${bits}`).toString(16).toUpperCase()}`;
}

/**
 * Key under which a credential is indexed: `${format}:${facility}:${number}` for known formats,
 * `raw:${bits}` for raw. Same key whether built from config fields or from a decoded read. Throws
 * RangeError when a known format lacks a facility or number, or raw lacks a bit string.
 */
export function credentialKey(
  format: BadgeFormat,
  facility: number | null,
  number: number | null,
  bits?: string,
): string {
  if (format === "raw") {
    if (bits === undefined || !isBitString(bits)) throw new RangeError("raw credential needs a bit string");
    return `raw:${bits}`;
  }
  if (facility === null || number === null) {
    throw new RangeError(`${format} credential needs a facility and a number`);
  }
  return `${format}:${facility}:${number}`;
}

/** Convenience: key of a decoded read (null when parity failed — a parity error never matches a credential). */
export function keyOfDecoded(d: DecodedBadge): string | null {
  if (!d.parityOk) return null;
  return credentialKey(d.format, d.facility, d.number, d.bits);
}
