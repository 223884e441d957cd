/**
 * Command encoders: typed arguments in, the command code and data field out. Arguments are checked
 * against the ranges the spec gives; an argument out of range is a returned error, never a throw.
 * The packet around the data (address, sequence, security block) is `frame.ts`'s and
 * `secure-session.ts`'s business.
 */

import { OSDP_BAUD_RATES } from "../../bus/topics-osdp.js";
import { Command } from "./codes.js";
import { RANDOM_LENGTH, SCBK_D } from "./secure-channel.js";

/** A command ready for a packet: its code and data field. */
export interface OsdpCommand {
  code: number;
  data: Uint8Array;
}

/** An encoded command or why the arguments cannot make one. */
export type EncodeResult = { ok: true; command: OsdpCommand } | { ok: false; error: string };

const plain = (code: number, ...data: number[]): OsdpCommand => ({ code, data: Uint8Array.from(data) });
const ok = (code: number, data: Iterable<number>): EncodeResult => ({
  ok: true,
  command: { code, data: Uint8Array.from(data) },
});
const fail = (error: string): EncodeResult => ({ ok: false, error });
const isByte = (v: number, max = 0xff): boolean => Number.isInteger(v) && v >= 0 && v <= max;
const le16 = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff];
const le32 = (v: number): number[] => [...le16(v & 0xffff), ...le16(Math.floor(v / 0x10000))];

/** OSDP 2.2 §6 osdp_POLL: asks for whatever the device has to report. */
export const poll = (): OsdpCommand => plain(Command.POLL);
/** OSDP 2.2 §6 osdp_ID: asks for the device identification (report type 0x00, the standard one). */
export const identify = (): OsdpCommand => plain(Command.ID, 0x00);
/** OSDP 2.2 §6 osdp_CAP: asks for the capability list (reply type 0x00). */
export const capabilities = (): OsdpCommand => plain(Command.CAP, 0x00);
/** OSDP 2.2 §6 osdp_LSTAT: asks for tamper and power status. */
export const localStatus = (): OsdpCommand => plain(Command.LSTAT);
/** OSDP 2.2 §6 osdp_ISTAT: asks for the input states. */
export const inputStatus = (): OsdpCommand => plain(Command.ISTAT);
/** OSDP 2.2 §6 osdp_OSTAT: asks for the output states. */
export const outputStatus = (): OsdpCommand => plain(Command.OSTAT);

/** OSDP 2.2 §6 osdp_OUT control codes: 0 no change, 1–4 permanent off/on (abort or keep timer), 5–6 timed on/off. */
export interface OutputControl {
  output: number;
  control: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** Timer for codes 5 and 6, in 100 ms units (0–65535). */
  timer: number;
}

/** OSDP 2.2 §6 osdp_OUT: one 4-byte record per output. */
export function output(records: readonly OutputControl[]): EncodeResult {
  if (records.length === 0) return fail("no output records");
  const data: number[] = [];
  for (const r of records) {
    if (!isByte(r.output) || !isByte(r.control, 6) || !isByte(r.timer, 0xffff)) return fail("output record out of range");
    data.push(r.output, r.control, ...le16(r.timer));
  }
  return ok(Command.OUT, data);
}

/** OSDP 2.2 §6 osdp_LED colours. */
export const LedColor = { black: 0, red: 1, green: 2, amber: 3, blue: 4, magenta: 5, cyan: 6, white: 7 } as const;

/** One LED state: on/off times in 100 ms units and the colour of each phase. */
export interface LedPhase {
  onTime: number;
  offTime: number;
  onColor: number;
  offColor: number;
}

/** OSDP 2.2 §6 osdp_LED: a temporary pattern (control 0 keep, 1 cancel, 2 set) and a permanent one (0 keep, 1 set). */
export interface LedControl {
  reader: number;
  led: number;
  temporary: LedPhase & { control: 0 | 1 | 2; timer: number };
  permanent: LedPhase & { control: 0 | 1 };
}

function phaseOk(p: LedPhase): boolean {
  return isByte(p.onTime) && isByte(p.offTime) && isByte(p.onColor, 7) && isByte(p.offColor, 7);
}

/** OSDP 2.2 §6 osdp_LED: one 14-byte record per LED. */
export function led(records: readonly LedControl[]): EncodeResult {
  if (records.length === 0) return fail("no LED records");
  const data: number[] = [];
  for (const { reader, led: n, temporary: t, permanent: p } of records) {
    const valid = isByte(reader) && isByte(n) && isByte(t.control, 2) && isByte(t.timer, 0xffff) && isByte(p.control, 1);
    if (!valid || !phaseOk(t) || !phaseOk(p)) return fail("LED record out of range");
    data.push(reader, n, t.control, t.onTime, t.offTime, t.onColor, t.offColor, ...le16(t.timer));
    data.push(p.control, p.onTime, p.offTime, p.onColor, p.offColor);
  }
  return ok(Command.LED, data);
}

/** OSDP 2.2 §6 osdp_BUZ: tone 0 none, 1 off, 2 the default tone; times in 100 ms; count 0 = until changed. */
export interface BuzzerControl {
  reader: number;
  tone: 0 | 1 | 2;
  onTime: number;
  offTime: number;
  count: number;
}

/** OSDP 2.2 §6 osdp_BUZ. */
export function buzzer(b: BuzzerControl): EncodeResult {
  if (![b.reader, b.onTime, b.offTime, b.count].every((v) => isByte(v)) || !isByte(b.tone, 2)) {
    return fail("buzzer control out of range");
  }
  return ok(Command.BUZ, [b.reader, b.tone, b.onTime, b.offTime, b.count]);
}

/** OSDP 2.2 §6 osdp_TEXT: mode 1/2 permanent without/with wrap, 3/4 temporary; row and column from 1. */
export interface TextControl {
  reader: number;
  mode: 1 | 2 | 3 | 4;
  /** Seconds a temporary text stays. */
  seconds: number;
  row: number;
  column: number;
  text: string;
}

/** OSDP 2.2 §6 osdp_TEXT: printable ASCII only, at most 255 characters (one length byte). */
export function text(t: TextControl): EncodeResult {
  if (!isByte(t.reader) || t.mode < 1 || !isByte(t.mode, 4) || !isByte(t.seconds) || !isByte(t.row) || !isByte(t.column)) {
    return fail("text control out of range");
  }
  if (t.text.length > 0xff || !/^[\x20-\x7e]*$/.test(t.text)) {
    return fail("text must be at most 255 printable ASCII characters");
  }
  const chars = Array.from(t.text, (c) => c.charCodeAt(0));
  return ok(Command.TEXT, [t.reader, t.mode, t.seconds, t.row, t.column, chars.length, ...chars]);
}

/** OSDP 2.2 §6 osdp_COMSET: the rates a device may be asked to switch to (part of the wire contract). */
export const BAUD_RATES = OSDP_BAUD_RATES;

/** OSDP 2.2 §6 osdp_COMSET: new address (0x00–0x7E) and baud rate (LE 32-bit). */
export function comSet(address: number, baud: number): EncodeResult {
  if (!isByte(address, 0x7e)) return fail("address out of range");
  if (!(BAUD_RATES as readonly number[]).includes(baud)) return fail("unsupported baud rate");
  return ok(Command.COMSET, [address, ...le32(baud)]);
}

/**
 * OSDP 2.2 §6 osdp_KEYSET: a new SCBK (key type 1, 16 bytes). Send only inside a secure session:
 * in clear it hands the key to anyone on the wire. SCBK-D and keys of one repeated byte are refused.
 */
export function keySet(key: Uint8Array): EncodeResult {
  if (key.length !== 16) return fail("key must be 16 bytes");
  if (key.every((b, i) => b === SCBK_D[i]) || key.every((b) => b === key[0])) return fail("weak key");
  return ok(Command.KEYSET, [0x01, 16, ...key]);
}

/** OSDP 2.2 Annex D osdp_CHLNG: RND.A, 8 random bytes (send with a SCS_11 block). */
export function challenge(cpRandom: Uint8Array): EncodeResult {
  return cpRandom.length === RANDOM_LENGTH ? ok(Command.CHLNG, cpRandom) : fail("random must be 8 bytes");
}

/** OSDP 2.2 Annex D osdp_SCRYPT: the server cryptogram, 16 bytes (send with a SCS_13 block). */
export function serverCrypt(cryptogram: Uint8Array): EncodeResult {
  return cryptogram.length === 16 ? ok(Command.SCRYPT, cryptogram) : fail("cryptogram must be 16 bytes");
}

/** OSDP 2.2 §6 osdp_ACURXSIZE: the largest message the control panel accepts (LE 16-bit). */
export function receiveSize(bytes: number): EncodeResult {
  return isByte(bytes, 0xffff) && bytes > 0 ? ok(Command.ACURXSIZE, le16(bytes)) : fail("size out of range");
}
