import { z } from "zod";

/** A USB vendor or product id (16 bits). YAML accepts them in hex: `0x0c45`. */
const UsbId = z.number().int().min(0).max(0xffff);

/** A report id: USB HID 1.11 §6.2.2.7 reserves 0, so numbered reports use 1-255. */
const ReportId = z.number().int().min(1).max(255);

/** Modifier keys of a boot keyboard report, either side (USB HID 1.11 Appendix B.1, byte 0). */
export const HotkeyModifier = z.enum(["ctrl", "shift", "alt", "gui"]);
/** A modifier key of a hotkey. */
export type HotkeyModifier = z.infer<typeof HotkeyModifier>;

/** Reports in the boot keyboard format: 8 bytes of modifiers, reserved, six key codes. */
const BootKeyboardReport = z.strictObject({
  format: z.literal("boot_keyboard"),
  /** Set when the device numbers its reports: the first byte is this id and is dropped. */
  report_id: ReportId.optional(),
  /** Panic models: the key combination that means "pressed"; letting go of it means "released". */
  hotkey: z
    .strictObject({
      modifiers: z.array(HotkeyModifier).default([]),
      /** Keyboard page usage id (HID Usage Tables 1.4 §10): 0x04 is A, 0x68 is F13. */
      key: z.number().int().min(0x04).max(0xe7),
    })
    .optional(),
  /**
   * Readers: milliseconds between two keystrokes after which a partial read is dropped. A reader
   * types a whole badge in tens of milliseconds, so a long gap means a lost Enter or an unplug.
   * Bounded to 10 ms-10 s: below, a slow reader would lose reads; above, it is no longer a burst.
   */
  max_gap_ms: z.number().int().min(10).max(10_000).optional(),
});

/** A vendor-defined report: one bit of one byte says whether the button is pressed. */
const VendorReport = z.strictObject({
  format: z.literal("vendor"),
  /** Only reports starting with this id count (others are ignored). */
  report_id: ReportId.optional(),
  /**
   * Offset of the state byte in the report as read (the report id, when there is one, is byte 0).
   * At most 63: a full-speed interrupt report carries 64 bytes (USB 2.0 §5.7.3).
   */
  panic_byte: z.number().int().min(0).max(63),
  /** Bits of that byte set while the button is pressed. */
  panic_mask: z.number().int().min(1).max(255),
});

/** How a model's input reports are laid out. */
export const HidReport = z.discriminatedUnion("format", [BootKeyboardReport, VendorReport]);
/** A validated report layout. */
export type HidReport = z.infer<typeof HidReport>;

/**
 * A USB HID device (keyboard-wedge readers, hotkey panic buttons, vendor-report buttons), matched by
 * vendor and product id. A generic model may leave the ids to the site config, since every brand of
 * a generic device has its own.
 */
export const HidTransport = z.strictObject({
  type: z.literal("hid"),
  vendor_id: UsbId.optional(),
  product_id: UsbId.optional(),
  /** Composite devices expose several interfaces; this picks the one that sends the reports. */
  interface: z.number().int().min(0).max(255).optional(),
  report: HidReport,
});

/** A validated HID transport. */
export type HidTransport = z.infer<typeof HidTransport>;
