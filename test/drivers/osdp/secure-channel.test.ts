import { createCipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  aesBlock,
  clientCryptogram,
  decryptData,
  deriveSessionKeys,
  encryptData,
  initialReplyMac,
  packetMac,
  SCBK_D,
  serverCryptogram,
  type SessionKeys,
} from "../../../src/drivers/osdp/secure-channel.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

// SIA OSDP Annex E, as reproduced in libosdp tests/unit-tests/test-sc-sia-vectors.c.
const CP_RANDOM = hex("B0B1B2B3B4B5B6B7");
const PD_RANDOM = hex("A0A1A2A3A4A5A6A7");
const ANNEX_E = {
  sMac1: "5e86c676603bdee2d8beafe178637332",
  sMac2: "6fda86e857777e81132035758239172e",
  sEnc: "bf8dc2a8329acb8c67c6d0cd9a451682",
  serverCryptogram: "26d3356e07762d262801fc8e6665a891",
  clientCryptogram: "fde5d2f428ec16312471ea3c02bd7796",
  rmacI: "b2a30057eb98ba2229ec1f875662b524",
};

// NIST SP 800-38A F.2.1 (AES-128-CBC), used by libosdp tests/unit-tests/test-sc.c for the MAC and
// the data encryption with every session key set to the NIST key.
const NIST_KEY = hex("2b7e151628aed2a6abf7158809cf4f3c");
const NIST_IV = hex("000102030405060708090a0b0c0d0e0f");
const NIST_PT = hex(
  "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710",
);
const NIST_KEYS: SessionKeys = { sEnc: NIST_KEY, sMac1: NIST_KEY, sMac2: NIST_KEY };
const notIv = NIST_IV.map((b) => ~b & 0xff);
const seq = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i);

describe("Secure Channel against SIA Annex E", () => {
  const keys = deriveSessionKeys(SCBK_D, CP_RANDOM);

  it("has SCBK-D = 0x30…0x3F", () => {
    expect(toHex(SCBK_D)).toBe("303132333435363738393a3b3c3d3e3f");
  });

  it("derives S-ENC, S-MAC1 and S-MAC2", () => {
    expect(toHex(keys.sEnc)).toBe(ANNEX_E.sEnc);
    expect(toHex(keys.sMac1)).toBe(ANNEX_E.sMac1);
    expect(toHex(keys.sMac2)).toBe(ANNEX_E.sMac2);
  });

  it("computes both cryptograms and RMAC_I", () => {
    const server = serverCryptogram(keys, CP_RANDOM, PD_RANDOM);
    expect(toHex(server)).toBe(ANNEX_E.serverCryptogram);
    expect(toHex(clientCryptogram(keys, CP_RANDOM, PD_RANDOM))).toBe(ANNEX_E.clientCryptogram);
    expect(toHex(initialReplyMac(keys, server))).toBe(ANNEX_E.rmacI);
  });
});

describe("Secure Channel MAC and encryption against NIST-derived vectors", () => {
  it("MACs one and four whole blocks as AES-CBC's last block", () => {
    expect(toHex(packetMac(NIST_KEYS, NIST_IV, NIST_PT.subarray(0, 16)))).toBe("7649abac8119b246cee98e9b12e9197d");
    expect(toHex(packetMac(NIST_KEYS, NIST_IV, NIST_PT))).toBe("3ff1caa1681fac09120eca307586e1a7");
  });

  it("pads a partial block with 0x80 before the MAC", () => {
    expect(toHex(packetMac(NIST_KEYS, NIST_IV, seq(15)))).toBe("c5311f3d23d086ea86f5ee7f85247b40");
  });

  it("encrypts with IV = complement of the last MAC, always padding", () => {
    expect(toHex(encryptData(NIST_KEYS, notIv, seq(15)))).toBe("c5311f3d23d086ea86f5ee7f85247b40");
    expect(toHex(encryptData(NIST_KEYS, notIv, seq(16)))).toBe(
      "7df76b0c1ab899b33e42f047b91b546fe2fe5bd6c1dfcdd19124f03e1a134d3b",
    );
    expect(toHex(encryptData(NIST_KEYS, notIv, new Uint8Array(0)))).toBe("4c08220c79d9191022dc6674874ceaf8");
  });

  it("decrypts and strips the padding", () => {
    expect(decryptData(NIST_KEYS, notIv, hex("c5311f3d23d086ea86f5ee7f85247b40"))).toEqual({ ok: true, data: seq(15) });
    const two = hex("7df76b0c1ab899b33e42f047b91b546fe2fe5bd6c1dfcdd19124f03e1a134d3b");
    expect(decryptData(NIST_KEYS, notIv, two)).toEqual({ ok: true, data: seq(16) });
  });

  it("refuses ciphertext that is not whole blocks or lacks the end marker", () => {
    expect(decryptData(NIST_KEYS, notIv, new Uint8Array(15))).toEqual({ ok: false, error: "not_block_aligned" });
    expect(decryptData(NIST_KEYS, notIv, new Uint8Array(0))).toEqual({ ok: false, error: "not_block_aligned" });
    const noMarker = encryptData(NIST_KEYS, notIv, seq(15)).slice();
    const zeros = createCipheriv("aes-128-cbc", NIST_KEY, NIST_IV).setAutoPadding(false).update(new Uint8Array(16));
    expect(decryptData(NIST_KEYS, notIv, new Uint8Array(zeros))).toEqual({ ok: false, error: "bad_padding" });
    noMarker[15] = (noMarker[15] ?? 0) ^ 1;
    expect(decryptData(NIST_KEYS, notIv, noMarker).ok).toBe(false);
  });
});

describe("Secure Channel cross-checked against a block-by-block derivation", () => {
  const keys = deriveSessionKeys(hex("00112233445566778899aabbccddeeff"), hex("0102030405060708"));

  /** The MAC written out from the definition: pad, XOR-chain each block, S-MAC2 for the last. */
  function macByBlocks(k: SessionKeys, iv: Uint8Array, m: Uint8Array): Uint8Array {
    const padded = m.length % 16 === 0 ? Array.from(m) : [...m, 0x80, ...new Array<number>(15 - (m.length % 16)).fill(0)];
    let chain = Array.from(iv);
    for (let at = 0; at < padded.length; at += 16) {
      const block = Uint8Array.from(padded.slice(at, at + 16).map((b, i) => b ^ (chain[i] ?? 0)));
      chain = Array.from(aesBlock(at + 16 < padded.length ? k.sMac1 : k.sMac2, block));
    }
    return Uint8Array.from(chain);
  }

  it("agrees on the MAC for every length from 1 to 80 bytes", () => {
    const iv = hex("f0e1d2c3b4a5968778695a4b3c2d1e0f");
    for (let n = 1; n <= 80; n++) {
      const m = Uint8Array.from({ length: n }, (_, i) => (i * 29 + n) & 0xff);
      expect(toHex(packetMac(keys, iv, m)), `length ${n}`).toBe(toHex(macByBlocks(keys, iv, m)));
    }
  });

  it("uses the first six bytes of RND.A in each session key block", () => {
    const scbk = hex("000102030405060708090a0b0c0d0e0f");
    const rnd = hex("1112131415161718");
    const block = (type: number): Uint8Array => Uint8Array.of(0x01, type, ...rnd.subarray(0, 6), 0, 0, 0, 0, 0, 0, 0, 0);
    const k = deriveSessionKeys(scbk, rnd);
    expect(toHex(k.sEnc)).toBe(toHex(aesBlock(scbk, block(0x82))));
    expect(toHex(k.sMac1)).toBe(toHex(aesBlock(scbk, block(0x01))));
    expect(toHex(k.sMac2)).toBe(toHex(aesBlock(scbk, block(0x02))));
  });

  it("round-trips data of every length from 0 to 48 bytes", () => {
    const last = hex("00112233445566778899aabbccddeeff");
    for (let n = 0; n <= 48; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i === n - 1 ? 0 : i + 1));
      const cipher = encryptData(keys, last, data);
      expect(cipher.length).toBe((Math.floor(n / 16) + 1) * 16);
      expect(decryptData(keys, last, cipher)).toEqual({ ok: true, data });
    }
  });
});
