import type { BadgeKey, CredentialRecord, KnownFormat } from "../../src/core/credential-index/credential-index.js";

/** Field widths (facility, number) per format, from REFERENCE.md "Badge formats". */
export const FIELD_WIDTHS: Readonly<Record<KnownFormat, readonly [number, number]>> = {
  h10301: [8, 16],
  corp1000: [12, 20],
  h10304: [16, 19],
};

/** Bits written out from a hex value and a count, independently of the module under test. */
export function hexBits(count: number, hex: string): string {
  return BigInt(hex).toString(2).padStart(count, "0");
}

/** Flips the bit at 1-based wire position `pos`. */
export function flip(bits: string, pos: number): string {
  return bits.slice(0, pos - 1) + (bits[pos - 1] === "1" ? "0" : "1") + bits.slice(pos);
}

/** A badge of a known format. */
export const known = (format: KnownFormat, facility: number, number: number): BadgeKey => ({ format, facility, number });

/** An active staff holder with no validity window, PIN or profile, and `extra` on top. */
export function holder(holderId: string, badges: BadgeKey[], extra: Partial<CredentialRecord> = {}): CredentialRecord {
  return {
    holderId,
    role: "staff",
    status: "active",
    validFrom: null,
    validUntil: null,
    profile: 0,
    pin: null,
    extendedUnlock: false,
    badges,
    ...extra,
  };
}
