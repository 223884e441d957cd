import type { HotkeyModifier } from "../../catalog/transport-hid.js";
import { MODIFIER_BITS, type KeyboardReport } from "./keyboard.js";

/** A key combination: every modifier (either side) held together with the key. */
export interface Hotkey {
  readonly modifiers: readonly HotkeyModifier[];
  /** Keyboard page usage id. */
  readonly key: number;
}

/** Whether a report holds the whole combination. */
export function hotkeyHeld(report: KeyboardReport, hotkey: Hotkey): boolean {
  if (!report.keys.includes(hotkey.key)) return false;
  return hotkey.modifiers.every((m) => (report.modifiers & MODIFIER_BITS[m]) !== 0);
}

/** A vendor report's button: the bits of one byte that are set while it is pressed. */
export interface VendorButton {
  /** Only reports whose byte 0 is this id count; null when the device does not number reports. */
  readonly reportId: number | null;
  readonly byte: number;
  readonly mask: number;
}

/** The button's state in a report: pressed, released, "other" (another report id) or "short". */
export function vendorButtonState(data: Uint8Array, button: VendorButton): boolean | "other" | "short" {
  if (button.reportId !== null && data[0] !== button.reportId) return "other";
  const b = data[button.byte];
  if (b === undefined) return "short";
  return (b & button.mask) !== 0;
}

/**
 * Reports a button's presses and releases from its state in each report: devices repeat their state
 * in every report, so only changes are told. The state at connect counts as released.
 */
export class ButtonEdges {
  private pressed = false;

  /** The change this state makes, if any. */
  update(pressed: boolean): boolean | null {
    if (pressed === this.pressed) return null;
    this.pressed = pressed;
    return pressed;
  }

  /** Back to released, silently (after a disconnect: the state is unknown until the next report). */
  reset(): void {
    this.pressed = false;
  }
}
