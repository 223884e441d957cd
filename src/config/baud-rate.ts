import { z } from "zod";

/** A baud rate that must be one of `rates` (`kind` names them in the message: "an OSDP rate"). */
export function baudRateOf(rates: readonly number[], kind: string) {
  return z
    .number()
    .int()
    .refine((b) => rates.includes(b), `must be ${kind}: ${rates.join(", ")}`);
}
