/**
 * OSDP Secure Channel cryptography (AES-128, node:crypto): session keys, the handshake cryptograms,
 * the initial reply MAC, the chained packet MAC and the data encryption. Pure functions of their
 * inputs; the chaining state lives in `secure-session.ts`. Nothing here throws on wire data.
 *
 * Names: "client" is the device (PD), "server" the control panel (CP); RND.A is the CP's random
 * number (sent with osdp_CHLNG), RND.B the device's (returned with osdp_CCRYPT).
 */

import { createCipheriv, createDecipheriv, timingSafeEqual } from "node:crypto";

/** AES block and key size in bytes. */
export const BLOCK = 16;
/** OSDP 2.2 Annex D: the random numbers exchanged in the handshake are 8 bytes. */
export const RANDOM_LENGTH = 8;

/** OSDP 2.2 Annex D: SCBK-D, the install-mode default key 0x30…0x3F. Never for production use. */
export const SCBK_D: Uint8Array = Uint8Array.from({ length: BLOCK }, (_, i) => 0x30 + i);

/** OSDP 2.2 Annex D: the session keys derived from the base key and RND.A. */
export interface SessionKeys {
  /** Encrypts the data blocks and the cryptograms. */
  sEnc: Uint8Array;
  /** MAC key for every block but the last. */
  sMac1: Uint8Array;
  /** MAC key for the last block. */
  sMac2: Uint8Array;
}

/** OSDP 2.2 Annex D: the data end marker; zeros follow it up to the block boundary. */
export const PAD_MARKER = 0x80;

function aes(mode: "aes-128-ecb" | "aes-128-cbc", key: Uint8Array, iv: Uint8Array | null, data: Uint8Array): Uint8Array {
  const c = createCipheriv(mode, key, iv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

/** AES-128 of one block. */
export function aesBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return aes("aes-128-ecb", key, null, block);
}

/** OSDP 2.2 Annex D: a session key is AES(SCBK, 0x01 ‖ type ‖ RND.A[0..5] ‖ 0×8). */
function sessionKey(scbk: Uint8Array, type: number, cpRandom: Uint8Array): Uint8Array {
  const block = new Uint8Array(BLOCK);
  block[0] = 0x01;
  block[1] = type;
  block.set(cpRandom.subarray(0, 6), 2);
  return aesBlock(scbk, block);
}

/** OSDP 2.2 Annex D: S-ENC (type 0x82), S-MAC1 (0x01) and S-MAC2 (0x02) from SCBK and RND.A. */
export function deriveSessionKeys(scbk: Uint8Array, cpRandom: Uint8Array): SessionKeys {
  return {
    sEnc: sessionKey(scbk, 0x82, cpRandom),
    sMac1: sessionKey(scbk, 0x01, cpRandom),
    sMac2: sessionKey(scbk, 0x02, cpRandom),
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** OSDP 2.2 Annex D: the client cryptogram (sent by the device in osdp_CCRYPT), AES(S-ENC, RND.A ‖ RND.B). */
export function clientCryptogram(keys: SessionKeys, cpRandom: Uint8Array, pdRandom: Uint8Array): Uint8Array {
  return aesBlock(keys.sEnc, concat(cpRandom, pdRandom));
}

/** OSDP 2.2 Annex D: the server cryptogram (sent by the CP in osdp_SCRYPT), AES(S-ENC, RND.B ‖ RND.A). */
export function serverCryptogram(keys: SessionKeys, cpRandom: Uint8Array, pdRandom: Uint8Array): Uint8Array {
  return aesBlock(keys.sEnc, concat(pdRandom, cpRandom));
}

/** OSDP 2.2 Annex D: the initial reply MAC (osdp_RMAC_I), AES(S-MAC2, AES(S-MAC1, server cryptogram)). */
export function initialReplyMac(keys: SessionKeys, serverCrypt: Uint8Array): Uint8Array {
  return aesBlock(keys.sMac2, aesBlock(keys.sMac1, serverCrypt));
}

/** Constant-time comparison of a received value with the expected one (lengths must match too). */
export function sameBytes(got: Uint8Array, expected: Uint8Array): boolean {
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** OSDP 2.2 Annex D: pads with 0x80 then zeros up to a block boundary (`always`: even when aligned). */
function pad(data: Uint8Array, always: boolean): Uint8Array {
  if (!always && data.length % BLOCK === 0 && data.length > 0) return data;
  const out = new Uint8Array((Math.floor(data.length / BLOCK) + 1) * BLOCK);
  out.set(data);
  out[data.length] = PAD_MARKER;
  return out;
}

/**
 * OSDP 2.2 Annex D: the 16-byte MAC of a packet (SOM through the data). The message is padded
 * only when not block-aligned; blocks 1…N−1 go through AES-CBC under S-MAC1 starting from `iv`
 * (the last MAC of the other direction: R-MAC for a command, C-MAC for a reply), and block N is
 * enciphered under S-MAC2 chained from block N−1. The wire carries the first 4 bytes.
 */
export function packetMac(keys: SessionKeys, iv: Uint8Array, message: Uint8Array): Uint8Array {
  const m = pad(message, false);
  let chain = iv;
  if (m.length > BLOCK) chain = aes("aes-128-cbc", keys.sMac1, iv, m.subarray(0, m.length - BLOCK)).subarray(-BLOCK);
  return aes("aes-128-cbc", keys.sMac2, chain, m.subarray(m.length - BLOCK));
}

/** OSDP 2.2 Annex D: the encryption IV is the ones' complement of the last MAC of the other direction. */
function complement(mac: Uint8Array): Uint8Array {
  return mac.map((b) => ~b & 0xff);
}

/** OSDP 2.2 Annex D: encrypts a data field (AES-CBC under S-ENC), always padded with 0x80 and zeros. */
export function encryptData(keys: SessionKeys, lastMac: Uint8Array, data: Uint8Array): Uint8Array {
  return aes("aes-128-cbc", keys.sEnc, complement(lastMac), pad(data, true));
}

/** A decrypted data field, or why it could not be one. */
export type DecryptResult = { ok: true; data: Uint8Array } | { ok: false; error: "not_block_aligned" | "bad_padding" };

/** OSDP 2.2 Annex D: decrypts a data field and strips its 0x80-and-zeros padding. */
export function decryptData(keys: SessionKeys, lastMac: Uint8Array, cipher: Uint8Array): DecryptResult {
  if (cipher.length === 0 || cipher.length % BLOCK !== 0) return { ok: false, error: "not_block_aligned" };
  const d = createDecipheriv("aes-128-cbc", keys.sEnc, complement(lastMac));
  d.setAutoPadding(false);
  const plain = new Uint8Array(Buffer.concat([d.update(cipher), d.final()]));
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  // The marker must sit in the last block: more zeros than a block would be padding nobody sent.
  if (end < 0 || plain[end] !== PAD_MARKER || plain.length - end > BLOCK) return { ok: false, error: "bad_padding" };
  return { ok: true, data: plain.slice(0, end) };
}
