import type { CueEffect } from "../core/effects.js";
import type { StoredEvent } from "../core/events.js";
import { LedColor, type LedControl } from "../drivers/osdp/commands.js";
import type { ReaderCommand } from "../drivers/osdp/cp-notices.js";

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

const beeps = (count: number): ReaderCommand => ({ kind: "buzzer", control: { reader: 0, tone: 2, onTime: 1, offTime: 1, count } });

/** The feedback an event calls for, or null. */
export function feedbackFor(e: StoredEvent): Feedback | null {
  switch (e.type) {
    case "access":
      return e.result === "granted"
        ? { reader: e.reader, commands: [{ kind: "led", records: [flash(LedColor.green, 10, 0, 10)] }, beeps(1)] }
        : { reader: e.reader, commands: [{ kind: "led", records: [flash(LedColor.red, 10, 0, 10)] }, beeps(2)] };
    case "alarm": {
      if (e.alarm !== "reader_lockout") return null;
      if (!e.active) return { reader: e.device, commands: [{ kind: "led", records: [rest(null)] }] };
      // Flashing until the lockout ends (30 s when it names no end), in the LED timer's 100 ms units.
      const tenths = e.until === null ? 300 : Math.min(0xffff, Math.max(1, Math.round((Date.parse(e.until) - Date.parse(e.ts)) / 100)));
      return { reader: e.device, commands: [{ kind: "led", records: [flash(LedColor.red, 5, 5, tenths)] }] };
    }
    case "mode":
      return { all: true, commands: [{ kind: "led", records: [rest(e.action === "raised" && e.mode === "lockdown" ? LedColor.red : null)] }] };
    default:
      return null;
  }
}

/** The prompt a cue calls for: LED, beeper and text (the reader drops what it has not got). */
export function cueCommands(c: CueEffect): ReaderCommand[] {
  const tenths = Math.min(0xffff, Math.max(1, Math.round(c.ms / 100)));
  const seconds = Math.min(0xff, Math.max(1, Math.round(c.ms / 1000)));
  return [
    { kind: "led", records: [flash(LedColor.amber, 3, 3, tenths)] },
    beeps(1),
    { kind: "text", control: { reader: 0, mode: 3, seconds, row: 1, column: 1, text: "Enter PIN" } },
  ];
}
