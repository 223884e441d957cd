import { realHardware, type Hardware, type HardwareClock } from "../../src/drivers/hardware.js";
import type { TimerApi } from "../../src/time/timers.js";

/** Test timers as the gateway's clock: timers that move only when told are their own monotonic time. */
export function clockOf(timers: TimerApi): HardwareClock {
  return { timers, monotonic: () => timers.now() };
}

/** The machine's hardware on test timers, with the parts a test fakes replaced (nothing opens unless a device needs it). */
export function hardwareOn(timers: TimerApi, fakes: Partial<Omit<Hardware, "clock">> = {}): Hardware {
  return { ...realHardware(), ...fakes, clock: clockOf(timers) };
}
