import { z } from "zod";

/** A BCM line number (GPIO17 is 17), as a device's `gpio.line`. */
const Line = z.number().int().min(0).max(53);

/**
 * GPIO lines wired to a serial or USB reader's LED and beeper inputs (`feedback` on the reader's
 * device), for readers whose converter or USB interface cannot drive them: a green and a red LED
 * line (both on shows amber on a bicolour LED) and a beeper line. `active_low` for readers whose
 * inputs are pulled up and switched to ground, the usual Wiegand reader wiring.
 */
export const ReaderFeedbackParams = z
  .strictObject({
    led_green: Line.optional(),
    led_red: Line.optional(),
    buzzer: Line.optional(),
    active_low: z.boolean().default(true),
  })
  .refine((f) => f.led_green !== undefined || f.led_red !== undefined || f.buzzer !== undefined, {
    message: "name at least one of led_green, led_red, buzzer",
  });
export type ReaderFeedbackParams = z.infer<typeof ReaderFeedbackParams>;
