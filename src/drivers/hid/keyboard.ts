/**
 * Boot keyboard reports (USB HID 1.11 Appendix B.1) and the Keyboard/Keypad usage page (HID Usage
 * Tables 1.4 §10, page 0x07). A report is 8 bytes: modifier bits, a reserved byte, six key codes.
 */

/** Length of a boot keyboard input report (USB HID 1.11 Appendix B.1). */
export const BOOT_REPORT_LENGTH = 8;

/** Modifier bits of byte 0 (USB HID 1.11 Appendix B.1): left side in bits 0-3, right side in 4-7. */
export const MODIFIER_BITS = { ctrl: 0x11, shift: 0x22, alt: 0x44, gui: 0x88 } as const;

/** Usage ids 0x01-0x03 (ErrorRollOver, POSTFail, ErrorUndefined) fill the array when keys are phantom. */
const LAST_ERROR_USAGE = 0x03;

/** One decoded report: the modifier byte and the keys held, in array order. */
export interface KeyboardReport {
  readonly modifiers: number;
  readonly keys: readonly number[];
  /** Too many keys at once: the keyboard reports ErrorRollOver and the keys are unknown (Usage Tables §10). */
  readonly phantom: boolean;
}

/** A key going down, with the modifiers held in the same report. */
export interface KeyPress {
  readonly usage: number;
  readonly modifiers: number;
}

/** Decode one report; null when it is not 8 bytes. */
export function parseBootReport(data: Uint8Array): KeyboardReport | null {
  if (data.length !== BOOT_REPORT_LENGTH) return null;
  const slots = [...data.subarray(2, BOOT_REPORT_LENGTH)];
  const phantom = slots.some((k) => k >= 0x01 && k <= LAST_ERROR_USAGE);
  return { modifiers: data[0] ?? 0, keys: phantom ? [] : slots.filter((k) => k !== 0), phantom };
}

/**
 * Finds the keys that went down. A boot keyboard repeats the whole set of held keys in every report,
 * so a key counts once, in the first report that holds it, not in the reports that repeat it while it
 * is held. A phantom report keeps the previous set: the keys are unknown, not released.
 */
export class KeyTracker {
  private held = new Set<number>();

  /** The keys newly down in this report, in array order. */
  feed(report: KeyboardReport): KeyPress[] {
    if (report.phantom) return [];
    const pressed = report.keys.filter((k) => !this.held.has(k)).map((usage) => ({ usage, modifiers: report.modifiers }));
    this.held = new Set(report.keys);
    return pressed;
  }

  /** Forget what was held (after a disconnect). */
  reset(): void {
    this.held.clear();
  }
}

/** Keyboard Return (ENTER), usage 0x28: ends a line. */
export const ENTER = 0x28;
/** Keypad ENTER, usage 0x58: ends a line too (readers that type on the keypad). */
export const KEYPAD_ENTER = 0x58;

const LETTER_A = 0x04;
const LETTER_Z = 0x1d;
/** 0x1E-0x27 are the number row 1…9, 0 (Usage Tables §10). */
const ROW_DIGITS = "1234567890";
const ROW_SHIFTED = "!@#$%^&*()";
const ROW_FIRST = 0x1e;
/** 0x59-0x62 are keypad 1…9, 0. */
const KEYPAD_FIRST = 0x59;
/** 0x2C-0x38: space and punctuation, unshifted and shifted (US layout, as wedge readers assume). */
const PUNCT_FIRST = 0x2c;
const PUNCT = " -=[]\\#;'`,./";
const PUNCT_SHIFTED = " _+{}|~:\"~<>?";

/** The character a key types (US layout), or null for keys that type none (Enter, F-keys…). */
export function keyChar(usage: number, modifiers: number): string | null {
  const shift = (modifiers & MODIFIER_BITS.shift) !== 0;
  if (usage >= LETTER_A && usage <= LETTER_Z) {
    // Letters are in alphabetical order from 0x04; 0x61 is "a" in ASCII.
    const c = String.fromCharCode(0x61 + usage - LETTER_A);
    return shift ? c.toUpperCase() : c;
  }
  if (usage >= ROW_FIRST && usage < ROW_FIRST + ROW_DIGITS.length) {
    return (shift ? ROW_SHIFTED : ROW_DIGITS)[usage - ROW_FIRST] ?? null;
  }
  if (usage >= KEYPAD_FIRST && usage < KEYPAD_FIRST + ROW_DIGITS.length) return ROW_DIGITS[usage - KEYPAD_FIRST] ?? null;
  if (usage >= PUNCT_FIRST && usage < PUNCT_FIRST + PUNCT.length) {
    return (shift ? PUNCT_SHIFTED : PUNCT)[usage - PUNCT_FIRST] ?? null;
  }
  return null;
}
