/**
 * The OSDP packet: its layout, the decoded form, and the builder. Pure: no I/O, never a throw;
 * a packet that cannot be built is a returned error.
 *
 * OSDP 2.2 §5: `[0xFF mark] SOM ADDR LEN_LSB LEN_MSB CTRL [security block] CODE DATA… [MAC×4] CHECK`,
 * LEN counting from SOM through the check, the mark excluded.
 */

import { scsHasMac } from "./codes.js";
import { checksum8, crc16 } from "./crc.js";

/** OSDP 2.2 §5: start of message. */
export const SOM = 0x53;
/** OSDP 2.2 §5: optional mark byte sent before SOM (lets the receiver's UART settle). */
export const MARK = 0xff;
/** OSDP 2.2 §5: address 0x7F reaches every device; device addresses are 0x00–0x7E. */
export const BROADCAST = 0x7f;
/** OSDP 2.2 §5: a reply carries its device's address with bit 7 set. */
export const REPLY_BIT = 0x80;

/** OSDP 2.2 §5: CTRL bits 0–1 sequence number, bit 2 CRC (else checksum), bit 3 security block. */
export const CTRL_SEQUENCE = 0x03;
export const CTRL_CRC = 0x04;
export const CTRL_SCB = 0x08;
/** OSDP 2.2 §5: CTRL bits 4–7 are reserved and sent as zero. */
export const CTRL_RESERVED = 0xf0;

/** SOM, ADDR, LEN_LSB, LEN_MSB, CTRL. */
export const HEADER_LENGTH = 5;
/** OSDP 2.2 Annex D: the MAC is the first 4 bytes of the 16-byte chained MAC. */
export const MAC_LENGTH = 4;
/** OSDP 2.2 §5: the length field is 16 bits. */
export const MAX_PACKET_LENGTH = 0xffff;

/** A sequence number: 0 after a reset, then 1, 2, 3, 1, … */
export type Sequence = 0 | 1 | 2 | 3;
/** The packet check: CRC-16 or the 8-bit checksum. */
export type CheckKind = "crc" | "checksum";

/** What a packet carries, as the builder takes it. */
export interface FrameSpec {
  /** Device address, 0x00–0x7E, or 0x7F for broadcast. */
  address: number;
  /** True for a device's reply (sets bit 7 of the address byte). */
  reply: boolean;
  sequence: Sequence;
  /** CRC by default; the checksum only for devices that lack CRC and never with a security block. */
  check?: CheckKind;
  /** The security control block, length and type bytes included; absent outside Secure Channel. */
  scb?: Uint8Array | null;
  /** Command or reply code. */
  code: number;
  /** Data after the code (already encrypted for SCS_17/18). */
  data?: Uint8Array;
  /** Send the 0xFF mark byte before SOM (default true). */
  mark?: boolean;
}

/** A packet as the parser found it; every field checked against the length and the check code. */
export interface Frame {
  /** Device address, bit 7 cleared. */
  address: number;
  reply: boolean;
  sequence: Sequence;
  check: CheckKind;
  /** The security control block, length and type bytes included, or null. */
  scb: Uint8Array | null;
  code: number;
  /** Data after the code, MAC and check excluded; still encrypted for SCS_17/18. */
  data: Uint8Array;
  /** The 4 MAC bytes, or null when the block type carries none. */
  mac: Uint8Array | null;
  /** The packet from SOM up to the MAC (or up to the check): what the MAC covers. */
  macInput: Uint8Array;
  /** True when a 0xFF mark byte preceded SOM. */
  marked: boolean;
}

/** Computes the 4-byte MAC over the packet from SOM through the data (length field already final). */
export type MacSigner = (macInput: Uint8Array) => Uint8Array;

/** The built packet or why it could not be built. */
export type BuildResult = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** The reasons a spec cannot become a packet, or null when it can. */
function specError(spec: FrameSpec, check: CheckKind, sign: MacSigner | undefined): string | null {
  if (!Number.isInteger(spec.address) || spec.address < 0 || spec.address > BROADCAST) return "address out of range";
  if (!Number.isInteger(spec.code) || spec.code < 0 || spec.code > 0xff) return "code out of range";
  const scb = spec.scb;
  if (!scb) return null;
  // OSDP 2.2 Annex D: a security block is at least its length and type bytes, and says its own length.
  if (scb.length < 2 || scb[0] !== scb.length) return "security block length mismatch";
  // OSDP 2.2 Annex D: under Secure Channel the packet check is always the CRC.
  if (check !== "crc") return "checksum not allowed with a security block";
  if (scsHasMac(scb[1] ?? 0) && sign === undefined) return "security block type needs a MAC";
  return null;
}

/** OSDP 2.2 §5: builds a packet; `sign` supplies the MAC when the block type calls for one. */
export function buildFrame(spec: FrameSpec, sign?: MacSigner): BuildResult {
  const check = spec.check ?? "crc";
  const error = specError(spec, check, sign);
  if (error !== null) return { ok: false, error };
  const scb = spec.scb ?? new Uint8Array(0);
  const data = spec.data ?? new Uint8Array(0);
  const withMac = spec.scb ? scsHasMac(scb[1] ?? 0) : false;
  const checkLength = check === "crc" ? 2 : 1;
  const length = HEADER_LENGTH + scb.length + 1 + data.length + (withMac ? MAC_LENGTH : 0) + checkLength;
  if (length > MAX_PACKET_LENGTH) return { ok: false, error: "packet too long" };
  const lead = spec.mark === false ? 0 : 1;
  const out = new Uint8Array(lead + length);
  if (lead) out[0] = MARK;
  const p = out.subarray(lead);
  p[0] = SOM;
  p[1] = spec.address | (spec.reply ? REPLY_BIT : 0);
  p[2] = length & 0xff;
  p[3] = length >> 8;
  p[4] = (spec.sequence & CTRL_SEQUENCE) | (check === "crc" ? CTRL_CRC : 0) | (spec.scb ? CTRL_SCB : 0);
  p.set(scb, HEADER_LENGTH);
  p[HEADER_LENGTH + scb.length] = spec.code;
  let at = HEADER_LENGTH + scb.length + 1;
  p.set(data, at);
  at += data.length;
  if (withMac && sign) {
    const mac = sign(p.slice(0, at));
    if (mac.length < MAC_LENGTH) return { ok: false, error: "MAC too short" };
    p.set(mac.subarray(0, MAC_LENGTH), at);
    at += MAC_LENGTH;
  }
  if (check === "crc") {
    const crc = crc16(p, 0, at);
    p[at] = crc & 0xff; // OSDP 2.2 §5: CRC sent LSB first
    p[at + 1] = crc >> 8;
  } else {
    p[at] = checksum8(p, 0, at);
  }
  return { ok: true, bytes: out };
}
