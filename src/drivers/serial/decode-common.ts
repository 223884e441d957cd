import type { Input } from "../../core/inputs.js";

/**
 * What decoders return. A decoder turns one frame into outcomes; it never throws, holds no timers
 * and does no I/O. Unknown lines are bad frames unless the model lists them under `ignore`.
 */

/** One thing a frame meant. */
export type DecodeOutcome =
  /** An input for the core; `source` names the transmitter or zone it came from, for logs. */
  | { readonly kind: "input"; readonly input: Input; readonly source: string | null }
  /** A supervised transmitter (or the receiver itself, source null) proved it is alive. */
  | { readonly kind: "alive"; readonly source: string | null }
  /** The device reported a trouble condition (low battery, tamper, detector fault). */
  | { readonly kind: "trouble"; readonly reason: string }
  /** A valid frame with nothing for the core (a banner, a counters line). */
  | { readonly kind: "none" }
  /** A frame that did not decode; counted and logged (without its bytes when it held keys), never an input. */
  | { readonly kind: "bad"; readonly reason: string; readonly keys?: true };

/** Turns frames into outcomes. Stateless, or holding only what the device last reported. */
export interface FrameDecoder {
  decode(frame: Uint8Array): DecodeOutcome[];
}

/** Named groups of a match (absent groups are undefined). */
export type Groups = Readonly<Record<string, string | undefined>>;

/** A frame as text: one character per byte, so no byte is lost or merged. */
export function frameText(frame: Uint8Array): string {
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString("latin1");
}

/** Compiles catalog patterns (already validated at catalog load). */
export function compile(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => new RegExp(p));
}

/** Compiles a decoder's named line patterns (absent ones stay absent). */
export function compilePatterns<K extends string>(
  patterns: Readonly<Partial<Record<K, string>>>,
): Partial<Record<K, RegExp>> {
  const out: Partial<Record<K, RegExp>> = {};
  for (const key of Object.keys(patterns) as K[]) {
    const p = patterns[key];
    if (p !== undefined) out[key] = new RegExp(p);
  }
  return out;
}

/** The trimmed `reason` group of a trouble line, or `fallback` when it is absent or blank. */
export function troubleReason(g: Groups, fallback: string): string {
  return g.reason?.trim() || fallback;
}

/** The named groups of the first match of `re` in `text`, or null. */
export function match(re: RegExp | undefined, text: string): Groups | null {
  if (re === undefined) return null;
  const m = re.exec(text);
  if (m === null) return null;
  return m.groups ?? {};
}

/** "none" when an ignore pattern matches, else a bad frame. */
export function unmatched(ignore: readonly RegExp[], text: string): DecodeOutcome[] {
  if (ignore.some((re) => re.test(text))) return [{ kind: "none" }];
  return [{ kind: "bad", reason: "no pattern matches" }];
}

/** The outcome of a frame that did not decode. */
export const bad = (reason: string): DecodeOutcome[] => [{ kind: "bad", reason }];
