import { SYSFS_GPIO_ROOT } from "./gpio/chip-base.js";
import { onoffGpioApi } from "./gpio/gpio-api.js";
import { nodeHidApi, type HidApi } from "./hid/hid-api.js";
import { realSerialBinding, type SerialBinding } from "./serial/binding.js";
import type { MonotonicSource } from "../time/steady-clock.js";
import { systemTimers, type TimerApi } from "../time/timers.js";
import type { GpioAccess } from "./gpio/gpio-line.js";

/** The clock the whole gateway runs on: drivers, engine, broker-side timers. */
export interface HardwareClock {
  /** Wall time and timers. */
  readonly timers: TimerApi;
  /** Monotonic time for deadlines (see steady-clock.ts). */
  readonly monotonic: MonotonicSource;
}

/**
 * Everything the gateway touches of the machine, handed in as one object: the serial binding, the
 * GPIO lines, the HID devices and the clock. A test builds one of fakes (the mock binding, a fake
 * GPIO and HID, manual timers) and runs a whole gateway on it.
 */
export interface Hardware {
  readonly serial: SerialBinding;
  readonly gpio: GpioAccess;
  readonly hid: HidApi;
  readonly clock: HardwareClock;
}

/**
 * The machine's own: the serial binding, onoff on the kernel's sysfs, node-hid and the system clock.
 * Nothing native loads here: each transport's module loads on its first use, which happens only when
 * a device of that transport is configured.
 */
export function realHardware(): Hardware {
  return {
    serial: realSerialBinding(),
    gpio: { api: onoffGpioApi(), sysfsRoot: SYSFS_GPIO_ROOT },
    hid: nodeHidApi(),
    clock: { timers: systemTimers, monotonic: () => performance.now() },
  };
}
