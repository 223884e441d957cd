/**
 * PIN entry on a reader's keypad (OSDP osdp_KEYPAD, or Wiegand keys through a converter): keys come
 * one press or a few at a time; '#' ends the PIN, '*' clears what was typed, and where the reader is
 * set to a fixed PIN length the PIN ends once that many digits are typed. The digits are cardholder
 * data: they leave only as the finished PIN handed to the core, never into a log line.
 */

/** Longer than any PIN (4-8 digits): more is someone leaning on the keypad, not a PIN. */
const MAX_DIGITS = 20;

export class KeypadEntry {
  private typed = "";

  /** `pinLength`: digits that end a PIN without '#' (null: only '#' ends it). */
  constructor(private readonly pinLength: number | null = null) {}

  /** Takes the keys of one report; returns the PINs they finished (usually none or one). */
  push(keys: string): string[] {
    const done: string[] = [];
    for (const k of keys) {
      if (k === "*") this.typed = "";
      else if (k === "#") {
        if (this.typed.length > 0) done.push(this.typed);
        this.typed = "";
      } else if (this.typed.length < MAX_DIGITS) {
        this.typed += k;
        if (this.typed.length === this.pinLength) {
          done.push(this.typed);
          this.typed = "";
        }
      }
    }
    return done;
  }

  /** Forgets a half-typed PIN (a new badge starts over). */
  clear(): void {
    this.typed = "";
  }
}
