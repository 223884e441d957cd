import type { WiegandKeypad } from "../../catalog/transport-serial.js";

/**
 * Keys of a Wiegand keypad read through a converter. A keypad frame is told from a card read by its
 * bit count (4, 8, or the model's buffered width); its keys are returned as '0'-'9', '*' and '#'.
 */

/** Key codes 0-9 are digits, 10 is '*' (clear), 11 is '#' (end); 12-14 are unused, 15 pads. */
const KEYS = "0123456789*#";
const PAD = 15;

/** What a frame of `bits` is to the keypad: not a keypad frame (null), its keys, or why it is malformed. */
export function keypadKeys(bits: string, k: WiegandKeypad): { keys: string } | { reason: string } | null {
  if (k.format === "4bit" && bits.length === 4) return keysOf([parseInt(bits, 2)], false);
  if (k.format === "8bit" && bits.length === 8) {
    const [high, low] = [parseInt(bits.slice(0, 4), 2), parseInt(bits.slice(4), 2)];
    return high === (~low & 0xf) ? keysOf([low], false) : { reason: "keypad key and its complement differ" };
  }
  if (k.format === "buffered" && bits.length === k.buffered_bits) {
    const codes = Array.from({ length: bits.length / 4 }, (_, i) => parseInt(bits.slice(i * 4, i * 4 + 4), 2));
    return keysOf(codes, true);
  }
  return null;
}

function keysOf(codes: readonly number[], padding: boolean): { keys: string } | { reason: string } {
  let keys = "";
  for (const c of codes) {
    if (padding && c === PAD) continue;
    const key = KEYS[c];
    if (key === undefined) return { reason: "keypad code out of range" };
    keys += key;
  }
  return { keys };
}
