import { ENTER, KEYPAD_ENTER, keyChar, type KeyPress } from "./keyboard.js";

/** Options of a scan assembler. */
export interface ScanBurstOptions {
  /** Longest scan kept (characters); beyond it the scan is dropped (a stuck key, or not a scanner). */
  readonly maxLength: number;
}

/** A finished burst: the text typed, or why it was dropped. */
export type ScanBurstResult = { readonly kind: "scan"; readonly text: string } | { readonly kind: "dropped"; readonly reason: "too_long" | "empty" };

/**
 * Assembles what a 2D scanner in keyboard-wedge mode types for one barcode. A PDF417 licence holds
 * many lines, each typed with Enter, so a scan does not end at Enter: it ends when the keys stop
 * (the caller decides when, with a timer, and calls `finish`). Enter is kept as a line feed.
 */
export class ScanBurst {
  private buffer = "";
  private overflow = false;

  constructor(private readonly opts: ScanBurstOptions) {}

  /** Whether keys have been typed since the last finish. */
  get pending(): boolean {
    return this.buffer.length > 0 || this.overflow;
  }

  /** Add the keys that went down. */
  feed(presses: readonly KeyPress[]): void {
    for (const p of presses) {
      const c = p.usage === ENTER || p.usage === KEYPAD_ENTER ? "\n" : keyChar(p.usage, p.modifiers);
      if (c === null) continue;
      if (this.buffer.length >= this.opts.maxLength) this.overflow = true;
      else this.buffer += c;
    }
  }

  /** End the scan: the keys have stopped. */
  finish(): ScanBurstResult {
    const result: ScanBurstResult = this.overflow
      ? { kind: "dropped", reason: "too_long" }
      : this.buffer.trim().length === 0
        ? { kind: "dropped", reason: "empty" }
        : { kind: "scan", text: this.buffer };
    this.reset();
    return result;
  }

  /** Forget a partial scan (after a disconnect). */
  reset(): void {
    this.buffer = "";
    this.overflow = false;
  }
}
