import { ENTER, KEYPAD_ENTER, keyChar, type KeyPress } from "./keyboard.js";

/** What the assembler hands back as keys arrive. */
export type WedgeResult =
  | { readonly kind: "line"; readonly text: string }
  | { readonly kind: "dropped"; readonly reason: "gap" | "too_long" | "empty" };

/** Options of a keyboard-wedge assembler. */
export interface WedgeOptions {
  /** A gap longer than this (ms) between two keys drops what was typed before it. */
  readonly maxGapMs: number;
  /** Longest line kept; beyond it the line is dropped (a stuck key, or not a reader). */
  readonly maxLength: number;
}

/**
 * Assembles the keystrokes of a keyboard-wedge reader into lines: characters until Enter. A reader
 * types a badge in one burst, so a long pause means the end of a line was lost (an unplug, a dropped
 * report): the partial line is dropped rather than glued in front of the next badge.
 */
export class WedgeAssembler {
  private buffer = "";
  private lastKeyAt: number | null = null;
  private overflow = false;

  constructor(private readonly opts: WedgeOptions) {}

  /** Feed the keys that went down at `now`; returns the lines completed (and the ones dropped). */
  feed(presses: readonly KeyPress[], now: number): WedgeResult[] {
    const out: WedgeResult[] = [];
    if (presses.length === 0) return out;
    if (this.lastKeyAt !== null && now - this.lastKeyAt > this.opts.maxGapMs && this.buffer.length > 0) {
      out.push({ kind: "dropped", reason: "gap" });
      this.clear();
    }
    this.lastKeyAt = now;
    for (const p of presses) {
      if (p.usage === ENTER || p.usage === KEYPAD_ENTER) {
        out.push(this.endLine());
        continue;
      }
      const c = keyChar(p.usage, p.modifiers);
      if (c === null) continue;
      if (this.buffer.length >= this.opts.maxLength) this.overflow = true;
      else this.buffer += c;
    }
    return out;
  }

  /** Drop a partial line (after a disconnect). */
  reset(): void {
    this.clear();
    this.lastKeyAt = null;
  }

  private endLine(): WedgeResult {
    const result: WedgeResult = this.overflow
      ? { kind: "dropped", reason: "too_long" }
      : this.buffer.length === 0
        ? { kind: "dropped", reason: "empty" }
        : { kind: "line", text: this.buffer };
    this.clear();
    return result;
  }

  private clear(): void {
    this.buffer = "";
    this.overflow = false;
  }
}
