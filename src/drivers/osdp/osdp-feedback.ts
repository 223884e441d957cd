import type { StoredEvent } from "../../core/events.js";
import { LedColor, type LedControl } from "./commands.js";
import type { ReaderCommand } from "./cp-notices.js";
import { signalFor, type ReaderSignal } from "../reader-signal.js";

/**
 * What a reader shows for what the core decided, as OSDP LED and beeper commands (times in 100 ms
 * units): a grant is green and one short beep, a denial red and two beeps, a lockout slow red
 * flashing while it lasts, and a lockdown red flashing as the reader's resting state until another
 * mode replaces it, so that nobody outside mistakes a locked-down door for a broken one. A card+PIN
 * door asking for the PIN flashes amber with one short beep (and "Enter PIN" on a display) until
 * the PIN times out or the decision's green or red replaces it.
 */

/** What a reader should show: commands for one reader (`reader`), or for every reader (`all`). */
export type Feedback = { readonly reader: string; readonly commands: ReaderCommand[] } | { readonly all: true; readonly commands: ReaderCommand[] };

const OFF = { onTime: 0, offTime: 0, onColor: LedColor.black, offColor: LedColor.black };
const KEEP = { ...OFF, control: 0 as const };

/** A temporary pattern over the resting state for `tenths` of a second. */
function flash(color: number, onTime: number, offTime: number, tenths: number): LedControl {
  return { reader: 0, led: 0, temporary: { control: 2, onTime, offTime, onColor: color, offColor: LedColor.black, timer: tenths }, permanent: KEEP };
}

/** The resting state: steady off, or flashing in `color`; a running temporary pattern is cancelled. */
function rest(color: number | null): LedControl {
  const permanent = color === null ? { ...OFF, control: 1 as const } : { control: 1 as const, onTime: 3, offTime: 3, onColor: color, offColor: LedColor.black };
  return { reader: 0, led: 0, temporary: { ...OFF, control: 1, timer: 0 }, permanent };
}

/** A duration in the LED timer's 100 ms units, within its 16 bits. */
const tenths = (ms: number): number => Math.min(0xffff, Math.max(1, Math.round(ms / 100)));

const beeps = (count: number): ReaderCommand => ({ kind: "buzzer", control: { reader: 0, tone: 2, onTime: 1, offTime: 1, count } });

/** The LED, beeper and text commands of a signal (the reader drops what it has not got). */
export function osdpCommands(s: ReaderSignal): ReaderCommand[] {
  switch (s.kind) {
    case "grant":
      return [{ kind: "led", records: [flash(LedColor.green, 10, 0, 10)] }, beeps(1)];
    case "deny":
      return [{ kind: "led", records: [flash(LedColor.red, 10, 0, 10)] }, beeps(2)];
    case "lockout":
      // Flashing until the lockout ends, in the LED timer's 100 ms units.
      return [{ kind: "led", records: [flash(LedColor.red, 5, 5, tenths(s.ms))] }];
    case "present_pin": {
      const seconds = Math.min(0xff, Math.max(1, Math.round(s.ms / 1000)));
      return [
        { kind: "led", records: [flash(LedColor.amber, 3, 3, tenths(s.ms))] },
        beeps(1),
        { kind: "text", control: { reader: 0, mode: 3, seconds, row: 1, column: 1, text: "Enter PIN" } },
      ];
    }
    case "lockdown":
      return [{ kind: "led", records: [rest(LedColor.red)] }];
    case "rest":
      return [{ kind: "led", records: [rest(null)] }];
  }
}

/** The OSDP commands an event calls for, for its reader or every reader, or null. */
export function feedbackFor(e: StoredEvent): Feedback | null {
  const s = signalFor(e);
  if (s === null) return null;
  return "all" in s ? { all: true, commands: osdpCommands(s.signal) } : { reader: s.reader, commands: osdpCommands(s.signal) };
}
