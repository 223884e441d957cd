import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { GatewayError } from "../../util/errors.js";

/** Where the kernel lists GPIO chips and lines. */
export const SYSFS_GPIO_ROOT = "/sys/class/gpio";

/** One gpiochip as sysfs describes it. */
export interface GpioChip {
  /** Directory name, e.g. `gpiochip512`. */
  readonly name: string;
  /** First sysfs number of the chip's lines. */
  readonly base: number;
  /** Number of lines. */
  readonly ngpio: number;
  /** The driver's label, e.g. `pinctrl-bcm2711`. */
  readonly label: string;
}

/**
 * Labels of the chip that carries the 40-pin header: RP1 on a Pi 5, the SoC's own controller on a
 * Pi 4 (BCM2711) and on earlier models (BCM2835 driver). In preference order.
 */
export const PI_HEADER_CHIP_LABELS: readonly string[] = ["pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835"];

/** The BCM2835 family has 54 lines (GPIO0-53): a chip that large is the main controller. */
const MAIN_CHIP_MIN_LINES = 54;

function readTrimmed(path: string): string {
  return readFileSync(path, "utf8").trim();
}

/** Every gpiochip under a sysfs GPIO root (unreadable entries are skipped). */
export function listGpioChips(root: string = SYSFS_GPIO_ROOT): GpioChip[] {
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith("gpiochip"));
  } catch (err) {
    throw new GatewayError("DEVICE_UNAVAILABLE", `cannot read ${root}: is sysfs GPIO (CONFIG_GPIO_SYSFS) enabled?`, {
      cause: err,
    });
  }
  const chips: GpioChip[] = [];
  for (const name of names.sort()) {
    try {
      const dir = join(root, name);
      const base = Number.parseInt(readTrimmed(join(dir, "base")), 10);
      const ngpio = Number.parseInt(readTrimmed(join(dir, "ngpio")), 10);
      if (!Number.isInteger(base) || !Number.isInteger(ngpio)) continue;
      chips.push({ name, base, ngpio, label: readTrimmed(join(dir, "label")) });
    } catch {
      continue;
    }
  }
  return chips;
}

/**
 * The chip whose lines are the BCM numbers of the config: the first known Raspberry Pi label, else
 * the first chip with at least 54 lines. Raspberry Pi OS Bookworm kernels number sysfs lines from 512
 * (Pi 4 and earlier) or 571 (Pi 5), older ones from 0: BCM line N is sysfs number base + N.
 */
export function findMainGpioChip(root: string = SYSFS_GPIO_ROOT): GpioChip {
  const chips = listGpioChips(root);
  for (const label of PI_HEADER_CHIP_LABELS) {
    const chip = chips.find((c) => c.label === label);
    if (chip !== undefined) return chip;
  }
  const large = chips.find((c) => c.ngpio >= MAIN_CHIP_MIN_LINES);
  if (large !== undefined) return large;
  const seen = chips.map((c) => `${c.name} "${c.label}" (${c.ngpio} lines)`).join(", ") || "none";
  throw new GatewayError("DEVICE_UNAVAILABLE", `no Raspberry Pi GPIO chip under ${root}; found: ${seen}`);
}

/** The sysfs number of a BCM line on the main chip; throws when the chip has no such line. */
export function sysfsNumber(chip: GpioChip, bcmLine: number): number {
  if (bcmLine < 0 || bcmLine >= chip.ngpio) {
    throw new GatewayError("DEVICE_START", `BCM line ${bcmLine} is not on ${chip.name} (${chip.ngpio} lines)`);
  }
  return chip.base + bcmLine;
}
