import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type BadgeFormat,
  credentialKey,
  decodeBits,
  encodeBits,
  formatBadgeText,
  keyOfDecoded,
  parseBadgeText,
} from "../../src/core/badge.js";
import { flip, hexBits } from "../helpers/badge-fixtures.js";

/** The formats with a field layout. */
type KnownFormat = Exclude<BadgeFormat, "raw">;

interface Vector {
  format: KnownFormat;
  facility: number;
  number: number;
  bits: string;
  source: string;
}

const VECTORS: Vector[] = [
  { format: "h10301", facility: 1, number: 1, bits: hexBits(26, "0x2020002"), source: "REFERENCE.md" },
  { format: "h10301", facility: 123, number: 45678, bits: hexBits(26, "0x2F764DD"), source: "REFERENCE.md" },
  { format: "h10301", facility: 255, number: 65535, bits: hexBits(26, "0x1FFFFFF"), source: "REFERENCE.md" },
  {
    // By hand: FC 01111011 + top CN nibble 0001 hold 7 ones, so the even parity bit is 1;
    // the low 12 CN bits 000111010111 hold 7 ones, already odd, so the odd parity bit is 0.
    format: "h10301",
    facility: 123,
    number: 4567,
    bits: "1" + "01111011" + "0001000111010111" + "0",
    source: "hand-computed",
  },
  {
    // Public capture (Doppelganger cards.csv example row): "Format: C1k35s, Bit_Length: 35,
    // Hex_Value: 2D4A64FB8E, Facility_Code: 2643, Card_Number: 163271". The hex carries the HID
    // transport header that Proxmark3 add_HID_header() sets for 32–36 bit frames: bit 37 (0x20 in
    // Mid) and the start sentinel above the frame (1 << 3 in Mid), i.e. 0x28_0000_0000.
    format: "corp1000",
    facility: 2643,
    number: 163271,
    bits: hexBits(35, `0x${(0x2d4a64fb8en - 0x2800000000n).toString(16)}`),
    source: "public capture minus HID header",
  },
  {
    // By hand: all data zero, so bit 2 (even) = 0, bit 35 (odd) = 1, bit 1 (odd over 2–35 holding
    // one 1) = 0.
    format: "corp1000",
    facility: 0,
    number: 0,
    bits: hexBits(35, "0x1"),
    source: "hand-computed",
  },
  {
    // By hand: bits 3–34 all ones. Bit 2 covers 22 of them (even) = 0; bit 35 covers 21 (odd) = 0;
    // bit 1 sees 32 ones over 2–35 = 1.
    format: "corp1000",
    facility: 4095,
    number: 1048575,
    bits: "10" + "1".repeat(32) + "0",
    source: "hand-computed",
  },
  { format: "h10304", facility: 0, number: 0, bits: hexBits(37, "0x1"), source: "hand-computed" },
  {
    // By hand: bits 2–36 all ones; bit 1 sees 18 ones (even) = 0; bit 37 sees 18 ones (odd) = 1.
    format: "h10304",
    facility: 65535,
    number: 524287,
    bits: "0" + "1".repeat(36),
    source: "hand-computed",
  },
  {
    // Proxmark3 Pack_H10304 transcribed by hand: FC 0000010011010010 (5 ones) + bits 18–19 "00":
    // even parity 1; bits 19–36 001101110111010101 (11 ones): odd parity 0.
    format: "h10304",
    facility: 1234,
    number: 56789,
    bits: "1" + "0000010011010010" + "0001101110111010101" + "0",
    source: "Proxmark3 Pack_H10304",
  },
];

const PARITY_POSITIONS: Record<KnownFormat, number[]> = {
  h10301: [1, 26],
  corp1000: [1, 2, 35],
  h10304: [1, 37],
};

describe("decodeBits / encodeBits vectors", () => {
  it.each(VECTORS)("decodes $format FC $facility CN $number ($source)", (v) => {
    expect(decodeBits(v.bits)).toEqual({
      format: v.format,
      facility: v.facility,
      number: v.number,
      bits: v.bits,
      parityOk: true,
    });
  });

  it.each(VECTORS)("encodes $format FC $facility CN $number ($source)", (v) => {
    expect(encodeBits(v.format, v.facility, v.number)).toBe(v.bits);
  });

  it("encodes the REFERENCE.md H10301 vectors to their hex text", () => {
    expect(formatBadgeText(encodeBits("h10301", 1, 1))).toBe("26:0x2020002");
    expect(formatBadgeText(encodeBits("h10301", 123, 45678))).toBe("26:0x2F764DD");
    expect(formatBadgeText(encodeBits("h10301", 255, 65535))).toBe("26:0x1FFFFFF");
  });
});

describe("parity errors", () => {
  const cases = VECTORS.flatMap((v) => PARITY_POSITIONS[v.format].map((pos) => ({ ...v, pos })));

  it.each(cases)("flipping parity bit $pos of $format FC $facility CN $number fails parity", (v) => {
    const d = decodeBits(flip(v.bits, v.pos));
    expect(d.parityOk).toBe(false);
    expect(d.format).toBe(v.format);
    expect(d.facility).toBe(v.facility);
    expect(d.number).toBe(v.number);
    expect(keyOfDecoded(d)).toBeNull();
  });

  it.each(VECTORS)("flipping any data bit of $format FC $facility CN $number fails parity", (v) => {
    const parity = PARITY_POSITIONS[v.format];
    for (let pos = 1; pos <= v.bits.length; pos++) {
      if (parity.includes(pos)) continue;
      const d = decodeBits(flip(v.bits, pos));
      expect(d.parityOk, `data bit ${pos}`).toBe(false);
      expect([d.facility, d.number], `data bit ${pos}`).not.toEqual([v.facility, v.number]);
      expect(keyOfDecoded(d)).toBeNull();
    }
  });

  it("two flips in one H10301 window go unnoticed, which is the limit of parity", () => {
    const good = encodeBits("h10301", 123, 45678);
    // Bits 4 and 6 are both facility bits inside the even window 2–13.
    const d = decodeBits(flip(flip(good, 4), 6));
    expect(d.parityOk).toBe(true);
    expect(d.facility).toBe(83);
  });
});

describe("raw reads", () => {
  it.each([0, 1, 4, 8, 25, 27, 32, 34, 36, 38, 48, 64, 128])("a %i-bit read is raw with parity n/a", (n) => {
    const bits = "10".repeat(n).slice(0, n);
    expect(decodeBits(bits)).toEqual({ format: "raw", facility: null, number: null, bits, parityOk: true });
  });

  it.each(["2".repeat(26), "0".repeat(34) + "x", "1 0", "0".repeat(36) + "\n"])(
    "a read with characters other than 0/1 (%j) never matches",
    (bits) => {
      const d = decodeBits(bits);
      expect(d).toEqual({ format: "raw", facility: null, number: null, bits, parityOk: false });
      expect(keyOfDecoded(d)).toBeNull();
    },
  );
});

describe("encodeBits range checks", () => {
  it.each<[KnownFormat, number, number]>([
    ["h10301", 256, 0],
    ["h10301", 0, 65536],
    ["h10301", -1, 0],
    ["h10301", 1.5, 0],
    ["h10301", Number.NaN, 0],
    ["h10301", 0, Number.POSITIVE_INFINITY],
    ["corp1000", 4096, 0],
    ["corp1000", 0, 2 ** 20],
    ["h10304", 65536, 0],
    ["h10304", 0, 2 ** 19],
  ])("%s FC %d CN %d throws RangeError", (format, facility, number) => {
    expect(() => encodeBits(format, facility, number)).toThrow(RangeError);
  });

  it("accepts both ends of every field", () => {
    expect(encodeBits("h10301", 0, 0)).toHaveLength(26);
    expect(encodeBits("corp1000", 4095, 2 ** 20 - 1)).toHaveLength(35);
    expect(encodeBits("h10304", 65535, 2 ** 19 - 1)).toHaveLength(37);
  });
});

describe("parseBadgeText", () => {
  it.each<[string, string]>([
    ["26:0x2F764DD", hexBits(26, "0x2F764DD")],
    ["26:0x2f764dd", hexBits(26, "0x2F764DD")],
    ["26:0X2F764DD", hexBits(26, "0x2F764DD")],
    ["26:49767645", hexBits(26, "0x2F764DD")],
    ["26:0x0002020002", hexBits(26, "0x2020002")],
    ["8:0", "00000000"],
    ["1:1", "1"],
    ["0101", "0101"],
    ["37:0x1FFFFFFFFF", "1".repeat(37)],
    ["64:18446744073709551615", "1".repeat(64)],
    [`256:0x${"F".repeat(64)}`, "1".repeat(256)],
    ["1".repeat(256), "1".repeat(256)],
  ])("accepts %j", (text, bits) => {
    expect(parseBadgeText(text)).toBe(bits);
  });

  it("reads the decimal example 26:44524765 as H10301 FC 83 CN 45678 (0x2A764DD)", () => {
    expect(parseBadgeText("26:44524765")).toBe(encodeBits("h10301", 83, 45678));
  });

  it.each([
    "",
    "26:",
    "26:0x",
    "26:0xZZ",
    "26:0x4000000",
    "26:67108864",
    "0:0",
    "257:0x1",
    "1000:0x1",
    "1".repeat(300),
    " 26:0x1",
    "26:0x1 ",
    "26 :0x1",
    "26: 0x1",
    "26:0x 1",
    "0101 ",
    "01 01",
    "\t0101",
    "-26:0x1",
    "26:-1",
    "26:+1",
    "26:1.5",
    "26:1e3",
    "26:0b101",
    "26:0x1:2",
    ":0x1",
    "x:1",
    "abc",
    "0102",
    `8:${"0".repeat(600)}`,
  ])("rejects %j", (text) => {
    expect(parseBadgeText(text)).toBeNull();
  });
});

describe("formatBadgeText", () => {
  it.each<[string, string]>([
    [hexBits(26, "0x2F764DD"), "26:0x2F764DD"],
    ["0001", "4:0x1"],
    ["0", "1:0x0"],
    ["1".repeat(37), "37:0x1FFFFFFFFF"],
  ])("formats %s as %s and parses back", (bits, text) => {
    expect(formatBadgeText(bits)).toBe(text);
    expect(parseBadgeText(text)).toBe(bits);
  });

  it.each(["", "012", "1".repeat(257)])("throws RangeError for %j", (bits) => {
    expect(() => formatBadgeText(bits)).toThrow(RangeError);
  });
});

describe("credentialKey / keyOfDecoded", () => {
  it("gives the same key from config fields and from a decoded read", () => {
    for (const v of VECTORS) {
      const fromConfig = credentialKey(v.format, v.facility, v.number);
      expect(fromConfig).toBe(`${v.format}:${v.facility}:${v.number}`);
      expect(keyOfDecoded(decodeBits(v.bits))).toBe(fromConfig);
    }
  });

  it("keys a raw read by its bits, leading zeros included", () => {
    expect(credentialKey("raw", null, null, "0110")).toBe("raw:0110");
    expect(keyOfDecoded(decodeBits("0110"))).toBe("raw:0110");
    expect(keyOfDecoded(decodeBits("00110"))).toBe("raw:00110");
  });

  it.each<[BadgeFormat, number | null, number | null, string | undefined]>([
    ["raw", null, null, undefined],
    ["raw", null, null, "01a"],
    ["h10301", null, 1, undefined],
    ["corp1000", 1, null, undefined],
  ])("throws RangeError for an incomplete %s credential", (format, facility, number, bits) => {
    expect(() => credentialKey(format, facility, number, bits)).toThrow(RangeError);
  });
});

describe("purity", () => {
  it("src/core/badge.ts imports nothing and touches no process, clock or console", () => {
    const source = readFileSync(new URL("../../src/core/badge.ts", import.meta.url), "utf8");
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(|\bprocess\.|\bDate\b|\bconsole\.|performance\./);
  });
});
