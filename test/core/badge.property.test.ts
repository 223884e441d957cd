import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBits, encodeBits, formatBadgeText, keyOfDecoded, parseBadgeText } from "../../src/core/badge.js";
import type { KnownFormat } from "../../src/core/credential-index/credential-index.js";
import { FIELD_WIDTHS, flip } from "../helpers/badge-fixtures.js";

const bitString = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom("0", "1"), { minLength, maxLength }).map((a) => a.join(""));

/** A valid frame of `format` together with the fields it was built from. */
const frame = (format: KnownFormat): fc.Arbitrary<{ facility: number; number: number; bits: string }> => {
  const [fw, nw] = FIELD_WIDTHS[format];
  return fc
    .record({ facility: fc.integer({ min: 0, max: 2 ** fw - 1 }), number: fc.integer({ min: 0, max: 2 ** nw - 1 }) })
    .map(({ facility, number }) => ({ facility, number, bits: encodeBits(format, facility, number) }));
};

// Proxmark3 client/src/wiegand_formats.c (RfidResearchGroup/proxmark3), transcribed with its hex
// masks and 32-bit words as an implementation independent of the module's position lists.
// evenparity32(x) is 1 when x has an odd number of ones (the bit that makes the total even).
function evenparity32(x: number): number {
  let v = x >>> 0;
  let p = 0;
  while (v !== 0) {
    p ^= v & 1;
    v >>>= 1;
  }
  return p;
}
const oddparity32 = (x: number): number => evenparity32(x) ^ 1;

/** Pack_H10301: Bot holds the 26 bits, wire bit 1 at bit 25. */
function pm3H10301(fcode: number, cn: number): string {
  let bot = ((cn & 0xffff) << 1) | ((fcode & 0xff) << 17);
  bot |= oddparity32((bot >>> 1) & 0xfff);
  bot |= evenparity32((bot >>> 13) & 0xfff) << 25;
  return (bot >>> 0).toString(2).padStart(26, "0");
}

/** Pack_C1k35s: Mid bits 0–2 hold wire bits 3, 2, 1; Bot holds wire bits 4–35. */
function pm3C1k35s(fcode: number, cn: number): string {
  let bot = ((cn & 0x000fffff) << 1) | ((fcode & 0x000007ff) << 21);
  let mid = (fcode & 0x00000800) >>> 11;
  mid |= evenparity32((mid & 0x1) ^ (bot & 0xb6db6db6)) << 1;
  bot |= oddparity32((mid & 0x3) ^ (bot & 0x6db6db6c));
  mid |= oddparity32((mid & 0x3) ^ (bot & 0xffffffff)) << 2;
  return ((BigInt(mid & 0x7) << 32n) | BigInt(bot >>> 0)).toString(2).padStart(35, "0");
}

describe("badge properties", () => {
  it.each<KnownFormat>(["h10301", "corp1000", "h10304"])("%s: encode then decode round-trips", (format) => {
    fc.assert(
      fc.property(frame(format), ({ facility, number, bits }) => {
        expect(bits).toHaveLength({ h10301: 26, corp1000: 35, h10304: 37 }[format]);
        expect(decodeBits(bits)).toEqual({ format, facility, number, bits, parityOk: true });
      }),
    );
  });

  it("h10301 encoding agrees with Proxmark3 Pack_H10301", () => {
    fc.assert(
      fc.property(frame("h10301"), ({ facility, number, bits }) => {
        expect(bits).toBe(pm3H10301(facility, number));
      }),
    );
  });

  it("corp1000 encoding agrees with Proxmark3 Pack_C1k35s", () => {
    fc.assert(
      fc.property(frame("corp1000"), ({ facility, number, bits }) => {
        expect(bits).toBe(pm3C1k35s(facility, number));
      }),
    );
  });

  // All three formats catch every single-bit error: each bit of H10301 and H10304 lies in at least
  // one parity window, and Corporate 1000's bit 1 covers the whole frame.
  it.each<KnownFormat>(["h10301", "h10304", "corp1000"])("%s: any single-bit flip fails parity", (format) => {
    const [fw, nw] = FIELD_WIDTHS[format];
    const length = fw + nw + (format === "corp1000" ? 3 : 2);
    fc.assert(
      fc.property(frame(format), fc.integer({ min: 1, max: length }), ({ bits }, pos) => {
        const d = decodeBits(flip(bits, pos));
        expect(d.parityOk).toBe(false);
        expect(keyOfDecoded(d)).toBeNull();
      }),
    );
  });

  it("decodeBits never throws on bit strings of 0..128 bits and keeps the bits", () => {
    fc.assert(
      fc.property(bitString(0, 128), (bits) => {
        const d = decodeBits(bits);
        expect(d.bits).toBe(bits);
        const known = bits.length === 26 || bits.length === 35 || bits.length === 37;
        expect(d.format === "raw").toBe(!known);
      }),
    );
  });

  it("keyOfDecoded is null exactly when parity fails", () => {
    const reads = fc.oneof(bitString(26, 26), bitString(35, 35), bitString(37, 37), bitString(0, 64), fc.string());
    fc.assert(
      fc.property(reads, (bits) => {
        const d = decodeBits(bits);
        expect(keyOfDecoded(d) === null).toBe(!d.parityOk);
      }),
      { numRuns: 500 },
    );
  });

  it("formatBadgeText then parseBadgeText returns the bits", () => {
    fc.assert(
      fc.property(bitString(1, 256), (bits) => {
        expect(parseBadgeText(formatBadgeText(bits))).toBe(bits);
      }),
    );
  });

  it("the decimal and hex text forms give the same bits", () => {
    const counted = fc
      .integer({ min: 1, max: 256 })
      .chain((n) => fc.record({ n: fc.constant(n), v: fc.bigInt({ min: 0n, max: (1n << BigInt(n)) - 1n }) }));
    fc.assert(
      fc.property(counted, ({ n, v }) => {
        const bits = parseBadgeText(`${n}:${v.toString(10)}`);
        expect(bits).toBe(v.toString(2).padStart(n, "0"));
        expect(parseBadgeText(`${n}:0x${v.toString(16)}`)).toBe(bits);
      }),
    );
  });

  it("parseBadgeText never throws and returns only bit strings of 1..256", () => {
    // Characters that the text forms use, so that near-miss inputs come up often.
    const near = fc.string({ unit: fc.constantFrom(..."0123456789:xXabcdefABCDEFg -+.\t") });
    const counted = fc.tuple(fc.integer({ min: -5, max: 300 }), fc.string()).map(([n, s]) => `${n}:${s}`);
    const hexish = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.string()).map(([n, s]) => `${n}:0x${s}`);
    fc.assert(
      fc.property(fc.oneof(fc.string(), near, counted, hexish, bitString(0, 300)), (text) => {
        const bits = parseBadgeText(text);
        if (bits !== null) expect(bits).toMatch(/^[01]{1,256}$/);
      }),
    );
  });
});
