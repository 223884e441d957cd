import type { ReaderSignalKind } from "../catalog/transport-serial.js";
import type { CueEffect } from "../core/effects.js";
import type { StoredEvent } from "../core/events.js";

/**
 * What a reader is to show for what the core decided, whatever the reader is made of: each driver
 * turns it into its own commands (OSDP LED and beeper records, a converter's command line).
 */
export type ReaderSignal =
  | { readonly kind: Exclude<ReaderSignalKind, "present_pin" | "lockout"> }
  /** Prompts and lockouts last `ms`, unless a later signal replaces them. */
  | { readonly kind: "present_pin" | "lockout"; readonly ms: number };

/** A signal for one reader, or for every reader (a mode). */
export type Signalled = { readonly reader: string; readonly signal: ReaderSignal } | { readonly all: true; readonly signal: ReaderSignal };

/** A lockout naming no end flashes this long. */
const LOCKOUT_WITHOUT_END_MS = 30_000;

/**
 * The signal an event calls for, or null: a grant or a denial at its reader, a reader lockout while
 * it lasts and back to rest when it ends, and a lockdown on every reader until another mode rests them.
 */
export function signalFor(e: StoredEvent): Signalled | null {
  switch (e.type) {
    case "access":
      return { reader: e.reader, signal: { kind: e.result === "granted" ? "grant" : "deny" } };
    case "alarm": {
      if (e.alarm !== "reader_lockout") return null;
      if (!e.active) return { reader: e.device, signal: { kind: "rest" } };
      const ms = e.until === null ? LOCKOUT_WITHOUT_END_MS : Date.parse(e.until) - Date.parse(e.ts);
      return { reader: e.device, signal: { kind: "lockout", ms } };
    }
    case "mode":
      return { all: true, signal: { kind: e.action === "raised" && e.mode === "lockdown" ? "lockdown" : "rest" } };
    default:
      return null;
  }
}

/** The signal of a prompt the core asked for. */
export function cueSignal(c: CueEffect): Signalled {
  return { reader: c.reader, signal: { kind: c.cue, ms: c.ms } };
}
