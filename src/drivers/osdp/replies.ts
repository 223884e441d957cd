/**
 * Reply decoders: a reply code and its (clear) data field in, a typed reply or a typed error out.
 * Never throws: a device's bytes are untrusted input. Card data comes out as a bit string, bit 1
 * first, as the core's badge formats take it (`src/core/badge.ts`).
 */

import { nakReason, Reply, type NakReason } from "./codes.js";
import { decodeCapabilities, type Capability } from "./capabilities.js";

/** A decoded reply. */
export type OsdpReply =
  | { type: "ack" }
  | { type: "busy" }
  | { type: "nak"; code: number; reason: NakReason; detail: Uint8Array }
  | { type: "pdid"; vendor: string; model: number; version: number; serial: number; firmware: string }
  | { type: "pdcap"; capabilities: Capability[] }
  | { type: "lstatr"; tamper: boolean; powerFailure: boolean }
  | { type: "istatr"; inputs: boolean[] }
  | { type: "ostatr"; outputs: boolean[] }
  | { type: "raw"; reader: number; format: "raw" | "wiegand"; bits: string }
  | { type: "keypad"; reader: number; keys: string }
  | { type: "com"; address: number; baud: number }
  | { type: "ccrypt"; clientUid: Uint8Array; pdRandom: Uint8Array; clientCryptogram: Uint8Array }
  | { type: "rmac_i"; mac: Uint8Array };

/** Why a reply could not be decoded. */
export type ReplyError = "unknown_reply" | "bad_length" | "bad_value";

/** A decoded reply, or the code and why it failed. */
export type ReplyResult = { ok: true; reply: OsdpReply } | { ok: false; code: number; error: ReplyError };

type Decoder = (d: Uint8Array) => OsdpReply | ReplyError;

const u16 = (d: Uint8Array, at: number): number => (d[at] ?? 0) | ((d[at + 1] ?? 0) << 8);
const u32 = (d: Uint8Array, at: number): number => u16(d, at) + u16(d, at + 2) * 0x10000;

/** Exactly `n` bytes, else a length error. */
function exact(n: number, decode: Decoder): Decoder {
  return (d) => (d.length === n ? decode(d) : "bad_length");
}

/** OSDP 2.2 §7 osdp_ISTATR / osdp_OSTATR: one byte per point, 0 inactive, 1 active. */
function states(d: Uint8Array): boolean[] | ReplyError {
  if (d.length === 0) return "bad_length";
  if (d.some((b) => b > 1)) return "bad_value";
  return Array.from(d, (b) => b === 1);
}

/** OSDP 2.2 §7 osdp_RAW: reader, format (0 unspecified, 1 Wiegand), bit count LE16, bits left-justified MSB first. */
function raw(d: Uint8Array): OsdpReply | ReplyError {
  if (d.length < 4) return "bad_length";
  const format = d[1] ?? 0;
  const count = u16(d, 2);
  if (format > 1 || count === 0) return "bad_value";
  if (d.length !== 4 + Math.ceil(count / 8)) return "bad_length";
  let bits = "";
  for (let i = 0; i < count; i++) bits += ((d[4 + (i >> 3)] ?? 0) >> (7 - (i & 7))) & 1 ? "1" : "0";
  return { type: "raw", reader: d[0] ?? 0, format: format === 1 ? "wiegand" : "raw", bits };
}

/** OSDP 2.2 §7 osdp_KEYPAD: reader, count, keys as ASCII digits with 0x7F for '*' and 0x0D for '#'. */
function keypad(d: Uint8Array): OsdpReply | ReplyError {
  if (d.length < 2 || d.length !== 2 + (d[1] ?? 0)) return "bad_length";
  let keys = "";
  for (const b of d.subarray(2)) {
    if (b >= 0x30 && b <= 0x39) keys += String.fromCharCode(b);
    else if (b === 0x7f) keys += "*";
    else if (b === 0x0d) keys += "#";
    else return "bad_value";
  }
  return { type: "keypad", reader: d[0] ?? 0, keys };
}

/** OSDP 2.2 §7 osdp_PDID: vendor OUI (3), model, version, serial LE32, firmware major.minor.build. */
function pdid(d: Uint8Array): OsdpReply {
  const vendor = Buffer.from(d.subarray(0, 3)).toString("hex").toUpperCase();
  const firmware = `${d[9] ?? 0}.${d[10] ?? 0}.${d[11] ?? 0}`;
  return { type: "pdid", vendor, model: d[3] ?? 0, version: d[4] ?? 0, serial: u32(d, 5), firmware };
}

const DECODERS: Record<number, Decoder> = {
  [Reply.ACK]: exact(0, () => ({ type: "ack" })),
  [Reply.BUSY]: exact(0, () => ({ type: "busy" })),
  // OSDP 2.2 §7 osdp_NAK: the reason code, then data that depends on it.
  [Reply.NAK]: (d) => {
    const code = d[0];
    return code === undefined ? "bad_length" : { type: "nak", code, reason: nakReason(code), detail: d.slice(1) };
  },
  [Reply.PDID]: exact(12, pdid),
  [Reply.PDCAP]: (d) => {
    const caps = decodeCapabilities(d);
    return typeof caps === "string" ? caps : { type: "pdcap", capabilities: caps };
  },
  // OSDP 2.2 §7 osdp_LSTATR: tamper (0 normal, 1 tamper), power (0 normal, 1 failure).
  [Reply.LSTATR]: exact(2, (d) => {
    if ((d[0] ?? 0) > 1 || (d[1] ?? 0) > 1) return "bad_value";
    return { type: "lstatr", tamper: d[0] === 1, powerFailure: d[1] === 1 };
  }),
  [Reply.ISTATR]: (d) => {
    const s = states(d);
    return typeof s === "string" ? s : { type: "istatr", inputs: s };
  },
  [Reply.OSTATR]: (d) => {
    const s = states(d);
    return typeof s === "string" ? s : { type: "ostatr", outputs: s };
  },
  [Reply.RAW]: raw,
  [Reply.KEYPAD]: keypad,
  // OSDP 2.2 §7 osdp_COM: the address and baud rate now in use (LE32).
  [Reply.COM]: exact(5, (d) => {
    const address = d[0] ?? 0;
    return address > 0x7e ? "bad_value" : { type: "com", address, baud: u32(d, 1) };
  }),
  // OSDP 2.2 Annex D osdp_CCRYPT: client UID (8), RND.B (8), client cryptogram (16).
  [Reply.CCRYPT]: exact(32, (d) => ({
    type: "ccrypt",
    clientUid: d.slice(0, 8),
    pdRandom: d.slice(8, 16),
    clientCryptogram: d.slice(16),
  })),
  // OSDP 2.2 Annex D osdp_RMAC_I: the initial reply MAC (16).
  [Reply.RMAC_I]: exact(16, (d) => ({ type: "rmac_i", mac: d.slice() })),
};

/** Decodes a reply's data field (already decrypted under Secure Channel). */
export function decodeReply(code: number, data: Uint8Array): ReplyResult {
  const decoder = DECODERS[code];
  if (decoder === undefined) return { ok: false, code, error: "unknown_reply" };
  const r = decoder(data);
  return typeof r === "string" ? { ok: false, code, error: r } : { ok: true, reply: r };
}
