import { writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findMainGpioChip, listGpioChips, sysfsNumber } from "../../../src/drivers/gpio/chip-base.js";
import { GatewayError } from "../../../src/util/errors.js";
import { cleanupsAfterEach } from "../../helpers/cleanups.js";
import { makeSysfs, PI4_BOOKWORM, type FakeChip } from "../../helpers/fake-gpio.js";
import { tempDir } from "../../helpers/temp-dir.js";

describe("finding the Pi's main GPIO chip in sysfs", () => {
  const cleanups = cleanupsAfterEach();
  function tree(chips: readonly FakeChip[]): string {
    const t = makeSysfs(chips);
    cleanups.push(t.cleanup);
    return t.root;
  }

  it.each([
    ["an older kernel (base 0, Pi 3)", [{ base: 0, ngpio: 54, label: "pinctrl-bcm2835" }], 0, 17],
    ["Bookworm on a Pi 4 (base 512)", PI4_BOOKWORM, 512, 529],
    [
      "Bookworm on a Pi 5 (base 571, RP1 after the SoC's own chips)",
      [
        { base: 512, ngpio: 32, label: "gpio-brcmstb@107d508500" },
        { base: 544, ngpio: 4, label: "gpio-brcmstb@107d508520" },
        { base: 548, ngpio: 17, label: "gpio-brcmstb@107d517c00" },
        { base: 565, ngpio: 6, label: "gpio-brcmstb@107d517c20" },
        { base: 571, ngpio: 54, label: "pinctrl-rp1" },
      ],
      571,
      588,
    ],
  ])("%s: BCM 17 is sysfs base + 17", (_name, chips, base, gpio17) => {
    const chip = findMainGpioChip(tree(chips));
    expect(chip.base).toBe(base);
    expect(sysfsNumber(chip, 17)).toBe(gpio17);
  });

  it("falls back to the first chip with at least 54 lines when no label is known", () => {
    const root = tree([
      { base: 0, ngpio: 8, label: "small-expander" },
      { base: 100, ngpio: 54, label: "some-future-pinctrl" },
    ]);
    expect(findMainGpioChip(root).base).toBe(100);
  });

  it("prefers a known label over a larger unknown chip", () => {
    const root = tree([
      { base: 0, ngpio: 64, label: "big-expander" },
      { base: 512, ngpio: 58, label: "pinctrl-bcm2711" },
    ]);
    expect(findMainGpioChip(root).label).toBe("pinctrl-bcm2711");
  });

  it("names the chips it found when none is the Pi's", () => {
    const root = tree([{ base: 0, ngpio: 8, label: "small-expander" }]);
    expect(() => findMainGpioChip(root)).toThrow(/gpiochip0 "small-expander" \(8 lines\)/);
  });

  it("reports a missing sysfs GPIO directory as unavailable", () => {
    const missing = join(tmpdir(), "gatehouse-no-such-sysfs-dir");
    try {
      findMainGpioChip(missing);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(GatewayError);
      expect((err as GatewayError).code).toBe("DEVICE_UNAVAILABLE");
    }
  });

  it("skips a chip whose files are unreadable or not numbers", () => {
    const root = tempDir(cleanups, "gatehouse-sysfs-");
    mkdirSync(join(root, "gpiochip0"));
    writeFileSync(join(root, "gpiochip0", "base"), "zero\n");
    mkdirSync(join(root, "gpiochip9"));
    expect(listGpioChips(root)).toEqual([]);
  });

  it("refuses a line the chip does not have", () => {
    const chip = findMainGpioChip(tree([{ base: 571, ngpio: 54, label: "pinctrl-rp1" }]));
    expect(sysfsNumber(chip, 53)).toBe(624);
    expect(() => sysfsNumber(chip, 54)).toThrow(/not on gpiochip571/);
  });
});
