import { z } from "zod";

/**
 * `request/pass`: the front desk's visitor passes. `print` answers one visitor's pass as a printable
 * HTML page (name, host, destination, times, the QR code of a printed pass). For the desk's roles and
 * local clients only: the page carries the visitor's name.
 */
export const PassRequest = z.strictObject({
  action: z.literal("print"),
  visitor_id: z.string().min(1).max(64),
});
export type PassRequest = z.infer<typeof PassRequest>;

/** `response/pass` data: the page, to print as it is. */
export const PassResponseData = z.strictObject({
  visitor_id: z.string(),
  content_type: z.literal("text/html"),
  html: z.string(),
});
