import { GatewayError } from "../../util/errors.js";

/** A physical line level: 0 low, 1 high. Active-low handling lives in the drivers, not here. */
export type Level = 0 | 1;

/** Which transitions of an input line wake the watcher. */
export type GpioEdge = "both" | "rising" | "falling";

/** Called on each edge with the level read after it. */
export type EdgeCallback = (err: Error | null | undefined, level: Level) => void;

/** One exported line. Levels are physical (the kernel's active_low is left off). */
export interface GpioLine {
  /** The current level. */
  read(): Level;
  /** Drive an output line. */
  write(level: Level): void;
  /** Call `cb` on every edge of an input line. */
  watch(cb: EdgeCallback): void;
  /** Remove every watcher. */
  unwatchAll(): void;
  /** Release the line back to the kernel (inputs only: an unexported output floats). */
  unexport(): void;
}

/** Access to the GPIO lines, by sysfs number. Injected so tests run on a fake. */
export interface GpioApi {
  /** Export a line as an input that reports the given edges. */
  openInput(sysfsNumber: number, edge: GpioEdge): Promise<GpioLine>;
  /**
   * Export a line as an output already at `initial`. The kernel's sysfs interface accepts "high" or
   * "low" as a direction and sets the level together with the direction ("for glitch free operation",
   * Documentation/admin-guide/gpio/sysfs.rst): exporting as "out" and writing afterwards would drive
   * the line low for a moment, which pulses an active-low relay at every start.
   */
  openOutput(sysfsNumber: number, initial: Level): Promise<GpioLine>;
}

type OnoffModule = typeof import("onoff");

async function loadOnoff(): Promise<OnoffModule["Gpio"]> {
  let mod: OnoffModule;
  try {
    mod = await import("onoff");
  } catch (err) {
    throw new GatewayError("DEVICE_UNAVAILABLE", "the onoff GPIO library could not be loaded", { cause: err });
  }
  const Gpio = mod.Gpio ?? (mod as unknown as { default: OnoffModule }).default.Gpio;
  if (!Gpio.accessible) {
    throw new GatewayError("DEVICE_UNAVAILABLE", "GPIO sysfs (/sys/class/gpio) is not accessible on this machine");
  }
  return Gpio;
}

type OnoffGpio = InstanceType<OnoffModule["Gpio"]>;

function wrap(gpio: OnoffGpio): GpioLine {
  return {
    read: () => gpio.readSync(),
    write: (level) => gpio.writeSync(level),
    watch: (cb) => gpio.watch(cb),
    unwatchAll: () => gpio.unwatchAll(),
    unexport: () => gpio.unexport(),
  };
}

/**
 * The real GPIO, through onoff (sysfs). onoff and its epoll addon are loaded on first use only, so a
 * gateway without GPIO devices never needs /sys/class/gpio. onoff's own debounce is not used: it runs
 * on real timers, and the drivers debounce on injected ones.
 */
export function onoffGpioApi(): GpioApi {
  // activeLow false: levels stay physical, whatever an earlier export left in the active_low file.
  const options = { activeLow: false, reconfigureDirection: true };
  return {
    openInput: async (n, edge) => {
      const Gpio = await loadOnoff();
      try {
        return wrap(new Gpio(n, "in", edge, options));
      } catch (err) {
        throw new GatewayError("DEVICE_START", `GPIO ${n} could not be opened as an input`, { cause: err });
      }
    },
    openOutput: async (n, initial) => {
      const Gpio = await loadOnoff();
      try {
        return wrap(new Gpio(n, initial === 1 ? "high" : "low", "none", options));
      } catch (err) {
        throw new GatewayError("DEVICE_START", `GPIO ${n} could not be opened as an output`, { cause: err });
      }
    },
  };
}
