import { describe, expect, it } from "vitest";
import { checksum8, crc16 } from "../../../src/drivers/osdp/crc.js";

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

/** Bit-by-bit CRC-16/AUG-CCITT written from the definition, to cross-check the table. */
function crcByBits(data: Uint8Array): number {
  let crc = 0x1d0f;
  for (const byte of data) {
    for (let bit = 7; bit >= 0; bit--) {
      const top = ((crc >> 15) ^ (byte >> bit)) & 1;
      crc = (crc << 1) & 0xffff;
      if (top) crc ^= 0x1021;
    }
  }
  return crc;
}

describe("OSDP CRC-16", () => {
  it("matches the Annex E examples", () => {
    expect(crc16(bytes(0x53, 0x7f, 0x0d, 0x00, 0x04, 0x6e, 0x00, 0x80, 0x25, 0x00, 0x00))).toBe(0x386e);
    expect(crc16(bytes(0x53, 0x00, 0x09, 0x00, 0x04, 0x61, 0x00))).toBe(0x66c0);
  });

  it("matches the POLL/ACK trace, mark byte excluded", () => {
    expect(crc16(bytes(0x53, 0x00, 0x08, 0x00, 0x06, 0x60))).toBe(0xcc89);
    expect(crc16(bytes(0x53, 0x80, 0x08, 0x00, 0x06, 0x40))).toBe(0xca3b);
  });

  it("is CRC-16/AUG-CCITT: check value of '123456789' and the empty input", () => {
    expect(crc16(new TextEncoder().encode("123456789"))).toBe(0xe5cc);
    expect(crc16(new Uint8Array(0))).toBe(0x1d0f);
  });

  it("agrees with a bit-by-bit derivation and honours the range", () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);
    for (const n of [1, 2, 15, 16, 17, 255, 300]) expect(crc16(data, 0, n)).toBe(crcByBits(data.subarray(0, n)));
    expect(crc16(data, 5, 40)).toBe(crcByBits(data.subarray(5, 40)));
  });
});

describe("OSDP checksum", () => {
  it("matches the Annex E examples", () => {
    expect(checksum8(bytes(0x53, 0x7f, 0x0c, 0x00, 0x00, 0x6e, 0x00, 0x80, 0x25, 0x00, 0x00))).toBe(0x0f);
    expect(checksum8(bytes(0x53, 0x00, 0x08, 0x00, 0x00, 0x61, 0x00))).toBe(0x44);
  });

  it("makes the whole sum, check included, zero modulo 256", () => {
    const data = bytes(0x53, 0x05, 0x07, 0x00, 0x01, 0x60);
    const sum = data.reduce((a, b) => a + b, 0) + checksum8(data);
    expect(sum & 0xff).toBe(0);
    expect(checksum8(new Uint8Array(0))).toBe(0);
    expect(checksum8(bytes(0xff, 0xff), 1)).toBe(0x01);
  });
});
