import type { SerialDecoder } from "../../catalog/transport-serial.js";
import { decodeBits, parseBadgeText } from "../../core/badge.js";
import { KeypadEntry } from "../keypad-entry.js";
import { keypadKeys } from "./decode-keypad.js";
import { createPanicDecoder } from "./decode-panic.js";
import { createScreeningDecoder } from "./decode-screening.js";
import { bad, compile, frameText, match, unmatched, type DecodeOutcome, type FrameDecoder, type Groups } from "./decode-common.js";

type Decoder<T extends SerialDecoder["type"]> = Extract<SerialDecoder, { type: T }>;

/** Most bits a read may have: the core's text form stops there too. */
const MAX_BITS = 256;
/** Digits of a wedge-style card number, as the site config accepts them. */
const DIGITS = /^[0-9]{1,20}$/;

/** The bit string a Wiegand converter's line stands for, or why there is none. Never invents bits. */
function wiegandBits(g: Groups): { bits: string } | { reason: string } {
  if (g.bits !== undefined) {
    if (!/^[01]+$/.test(g.bits) || g.bits.length > MAX_BITS) return { reason: "bits are not 1-256 zeros and ones" };
    if (g.count !== undefined && Number(g.count) !== g.bits.length) return { reason: "bit count does not match the bits" };
    return { bits: g.bits };
  }
  if (g.count === undefined) return { reason: "no bit count" };
  let text: string;
  if (g.hex !== undefined) text = `${g.count}:0x${g.hex.replace(/^0[xX]/, "")}`;
  else if (g.value !== undefined) text = `${g.count}:${g.value}`;
  else return { reason: "no value" };
  // parseBadgeText enforces a count of 1..256 and a value that fits in it.
  const bits = parseBadgeText(text);
  return bits === null ? { reason: "bit count or value malformed, or value wider than the count" } : { bits };
}

/**
 * Keys typed on the keypad of a Wiegand reader: the PINs they finish become keypad inputs. A buffered
 * frame is a whole entry, ended by '#' when it carries none. A malformed key frame is a bad frame
 * marked as keys, so no byte of it reaches a log line.
 */
function keypadFrame(reader: string, entry: KeypadEntry, bits: string, keypad: NonNullable<Decoder<"wiegand_text">["keypad"]>): DecodeOutcome[] | null {
  const got = keypadKeys(bits, keypad);
  if (got === null) return null;
  if ("reason" in got) return [{ kind: "bad", reason: got.reason, keys: true }];
  if (keypad.format === "buffered") entry.clear();
  const keys = keypad.format === "buffered" && !got.keys.endsWith("#") ? `${got.keys}#` : got.keys;
  const pins = entry.push(keys);
  if (pins.length === 0) return [{ kind: "none" }];
  return pins.map((digits) => ({ kind: "input", input: { kind: "keypad", reader, digits }, source: null }));
}

/** A Wiegand-to-serial converter printing bit count and value, and the keys of its keypad if it has one. */
function createWiegandTextDecoder(reader: string, d: Decoder<"wiegand_text">): FrameDecoder {
  const [pattern] = compile([d.pattern]);
  const ignore = compile(d.ignore);
  const counts = new Set(d.bit_counts);
  const entry = new KeypadEntry(d.keypad?.pin_length ?? null);
  return {
    decode(frame): DecodeOutcome[] {
      const text = frameText(frame);
      const g = match(pattern, text);
      if (g === null) return unmatched(ignore, text);
      const got = wiegandBits(g);
      if ("reason" in got) return bad(got.reason);
      const keys = d.keypad === undefined ? null : keypadFrame(reader, entry, got.bits, d.keypad);
      if (keys !== null) return keys;
      // A card read starts a new entry: keys half-typed before it are not its PIN.
      entry.clear();
      if (counts.size > 0 && !counts.has(got.bits.length)) return bad(`${got.bits.length}-bit read not accepted`);
      // H10301 §parity, Corporate 1000, H10304: a known format whose parity fails is a misread.
      if (d.parity === "check") {
        const decoded = decodeBits(got.bits);
        if (decoded.format !== "raw" && !decoded.parityOk) return bad(`${decoded.format} parity error`);
      }
      return [{ kind: "input", input: { kind: "badge", reader, read: { kind: "bits", bits: got.bits } }, source: null }];
    },
  };
}

/** A reader printing the card number as digits. */
function createAsciiCardDecoder(reader: string, d: Decoder<"ascii_card">): FrameDecoder {
  const [pattern] = compile([d.pattern]);
  const ignore = compile(d.ignore);
  return {
    decode(frame): DecodeOutcome[] {
      const text = frameText(frame);
      const g = match(pattern, text);
      if (g === null) return unmatched(ignore, text);
      const digits = g.digits;
      if (digits === undefined || !DIGITS.test(digits)) return bad("card number is not 1-20 digits");
      return [{ kind: "input", input: { kind: "badge", reader, read: { kind: "digits", digits } }, source: null }];
    },
  };
}

/** The decoder a catalog model asks for, emitting inputs for `device`. */
export function createDecoder(device: string, decoder: SerialDecoder): FrameDecoder {
  switch (decoder.type) {
    case "wiegand_text":
      return createWiegandTextDecoder(device, decoder);
    case "ascii_card":
      return createAsciiCardDecoder(device, decoder);
    case "panic_receiver":
      return createPanicDecoder(device, decoder);
    case "screening_lines":
      return createScreeningDecoder(device, decoder);
  }
}
