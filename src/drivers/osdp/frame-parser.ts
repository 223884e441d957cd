/**
 * The OSDP packet parser: a pure function over the bytes received so far. It never throws and
 * never keeps state; the caller drops `consumed` (or `count`) bytes from the front and calls again.
 *
 * Resynchronisation: bytes before a SOM are skipped. A SOM whose header is implausible or whose
 * check fails may be noise in front of a real packet, so only that SOM (and its mark) is consumed
 * and scanning resumes at the next byte. A packet whose check passes is consumed whole, even when
 * a rule above the check then rejects it.
 */

import { SCS_MAX, SCS_MIN, scsHasMac } from "./codes.js";
import { checksum8, crc16 } from "./crc.js";
import {
  CTRL_CRC,
  CTRL_RESERVED,
  CTRL_SCB,
  CTRL_SEQUENCE,
  HEADER_LENGTH,
  MAC_LENGTH,
  MARK,
  REPLY_BIT,
  SOM,
  type CheckKind,
  type Frame,
  type Sequence,
} from "./frame.js";

/**
 * OSDP Verified: a control panel accepts device messages of up to 1440 bytes, so that is the
 * default bound; a smaller one (the receive size announced with osdp_ACURXSIZE) can be given.
 */
export const DEFAULT_MAX_LENGTH = 1440;

/** Why bytes were rejected. */
export type BadReason =
  | "reserved_control_bits"
  | "length_out_of_range"
  | "bad_security_block"
  | "check_mismatch"
  | "checksum_under_secure_channel"
  | "checksum_not_allowed"
  | "truncated";

/** What the bytes at the front of the buffer are. */
export type ParseResult =
  | { kind: "frame"; frame: Frame; consumed: number }
  | { kind: "need_more" }
  | { kind: "skip"; count: number }
  | { kind: "bad"; reason: BadReason; consumed: number };

/** Parser options. */
export interface ParseOptions {
  /** Largest packet accepted, SOM through check (default 1440). */
  maxLength?: number;
  /** Refuse checksum packets altogether (a Secure Channel session is active). */
  crcOnly?: boolean;
  /**
   * The line has gone quiet: a packet still incomplete will never complete, so report it as
   * "truncated" (consuming its SOM only) instead of asking for more.
   */
  silent?: boolean;
}

const NEED_MORE: ParseResult = { kind: "need_more" };

/** Where the next SOM is, or -1. */
function findSom(buf: Uint8Array): number {
  return buf.indexOf(SOM);
}

/** OSDP 2.2 §5: the smallest packet for a check kind: header, code and check. */
function minLength(ctrl: number): number {
  return HEADER_LENGTH + 1 + (ctrl & CTRL_CRC ? 2 : 1);
}

/** Parses the bytes at the front of `buf`. */
export function parseFrame(buf: Uint8Array, options: ParseOptions = {}): ParseResult {
  const som = findSom(buf);
  if (som < 0) {
    // A trailing 0xFF may be the mark of a packet whose SOM has not arrived yet: keep it.
    const keep = buf.length > 0 && buf[buf.length - 1] === MARK ? 1 : 0;
    return buf.length - keep > 0 ? { kind: "skip", count: buf.length - keep } : NEED_MORE;
  }
  const marked = som > 0 && buf[som - 1] === MARK;
  const start = marked ? som - 1 : som;
  if (start > 0) return { kind: "skip", count: start };
  return parseAt(buf, som, marked, options);
}

/** Parses a packet whose SOM is at `som` (0 or 1 when marked). */
function parseAt(buf: Uint8Array, som: number, marked: boolean, options: ParseOptions): ParseResult {
  const dropSom: number = som + 1;
  const p = buf.subarray(som);
  if (p.length < HEADER_LENGTH) return options.silent ? bad("truncated", dropSom) : NEED_MORE;
  const ctrl = p[4] ?? 0;
  const length = (p[2] ?? 0) | ((p[3] ?? 0) << 8);
  if (ctrl & CTRL_RESERVED) return bad("reserved_control_bits", dropSom);
  if (length < minLength(ctrl) || length > (options.maxLength ?? DEFAULT_MAX_LENGTH)) {
    return bad("length_out_of_range", dropSom);
  }
  const hasScb = (ctrl & CTRL_SCB) !== 0;
  if (hasScb && p.length > HEADER_LENGTH && !scbFits(p[HEADER_LENGTH] ?? 0, ctrl, length)) {
    return bad("bad_security_block", dropSom);
  }
  if (p.length < length) return options.silent ? bad("truncated", dropSom) : NEED_MORE;
  const crc = (ctrl & CTRL_CRC) !== 0;
  if (!checkPasses(p, length, crc)) return bad("check_mismatch", dropSom);
  const consumed = som + length;
  // The check passed: this is a real packet; rules from here on reject it whole.
  if (!crc && hasScb) return bad("checksum_under_secure_channel", consumed); // OSDP 2.2 Annex D
  if (!crc && options.crcOnly) return bad("checksum_not_allowed", consumed);
  const frame = decode(p.subarray(0, length), crc ? "crc" : "checksum", marked);
  return frame === null ? bad("bad_security_block", consumed) : { kind: "frame", frame, consumed };
}

function bad(reason: BadReason, consumed: number): ParseResult {
  return { kind: "bad", reason, consumed };
}

/** OSDP 2.2 Annex D: a block of at least length and type bytes, leaving room for code and check. */
function scbFits(scbLength: number, ctrl: number, length: number): boolean {
  return scbLength >= 2 && minLength(ctrl) + scbLength <= length;
}

/** OSDP 2.2 §5: the CRC (LSB first) or checksum over SOM through the byte before it. */
function checkPasses(p: Uint8Array, length: number, crc: boolean): boolean {
  if (!crc) return checksum8(p, 0, length - 1) === p[length - 1];
  const got = (p[length - 2] ?? 0) | ((p[length - 1] ?? 0) << 8);
  return crc16(p, 0, length - 2) === got;
}

/** Splits a checked packet (SOM through check) into its fields; null for a bad security block. */
function decode(p: Uint8Array, check: CheckKind, marked: boolean): Frame | null {
  const ctrl = p[4] ?? 0;
  const end = p.length - (check === "crc" ? 2 : 1);
  let at = HEADER_LENGTH;
  let scb: Uint8Array | null = null;
  let macLength = 0;
  if (ctrl & CTRL_SCB) {
    const scbLength = p[HEADER_LENGTH] ?? 0;
    const type = p[HEADER_LENGTH + 1] ?? 0;
    if (type < SCS_MIN || type > SCS_MAX) return null;
    macLength = scsHasMac(type) ? MAC_LENGTH : 0;
    if (at + scbLength + 1 + macLength > end) return null;
    scb = p.slice(at, at + scbLength);
    at += scbLength;
  }
  const macAt = end - macLength;
  return {
    address: (p[1] ?? 0) & ~REPLY_BIT & 0xff,
    reply: ((p[1] ?? 0) & REPLY_BIT) !== 0,
    sequence: (ctrl & CTRL_SEQUENCE) as Sequence,
    check,
    scb,
    code: p[at] ?? 0,
    data: p.slice(at + 1, macAt),
    mac: macLength > 0 ? p.slice(macAt, end) : null,
    macInput: p.slice(0, macAt),
    marked,
  };
}
