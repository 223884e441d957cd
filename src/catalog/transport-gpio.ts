import { z } from "zod";

/**
 * A device on one GPIO line: a dry contact read (input kinds) or a relay driven (lock, strobe,
 * sounder). The device's kind decides the direction; the site's device config names the BCM line.
 * Pulls cannot be set through sysfs: a model that needs one says so in its YAML comments (set it in
 * /boot/firmware/config.txt, e.g. `gpio=17=ip,pu`, or fit an external resistor).
 */
export const GpioTransport = z.strictObject({
  type: z.literal("gpio"),
  /**
   * The asserted state (door open, button pressed, relay energised) is the low level. A switch to
   * ground with a pull-up reads low when closed; many opto-isolated relay boards energise on low.
   */
  active_low: z.boolean().default(false),
  /**
   * Inputs: milliseconds a new level must hold before it counts. Mechanical contacts bounce for a few
   * milliseconds; a site config may override it per device. Capped at 10 s: longer is not a debounce.
   */
  debounce_ms: z.number().int().min(0).max(10_000).optional(),
  /**
   * Panic inputs on a normally-closed loop: milliseconds the loop may stay open before it is also
   * reported as trouble ("circuit open": a cut wire or a latched button). At least 1 s so that an
   * ordinary press never reads as trouble.
   */
  supervision_ms: z.number().int().min(1000).max(3_600_000).optional(),
});

/** A validated GPIO transport. */
export type GpioTransport = z.infer<typeof GpioTransport>;
