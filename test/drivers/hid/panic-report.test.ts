import { describe, expect, it } from "vitest";
import { parseBootReport } from "../../../src/drivers/hid/keyboard.js";
import { ButtonEdges, hotkeyHeld, vendorButtonState } from "../../../src/drivers/hid/panic-report.js";

const boot = (hex: string) => {
  const r = parseBootReport(Buffer.from(hex.replace(/\s+/g, ""), "hex"));
  if (r === null) throw new Error("bad report");
  return r;
};
const F13 = 0x68;

describe("hotkeys in boot keyboard reports", () => {
  const combo = { modifiers: ["ctrl", "shift"] as const, key: F13 };

  it("is held only with every modifier and the key", () => {
    expect(hotkeyHeld(boot("03 00 68 00 00 00 00 00"), combo)).toBe(true);
    expect(hotkeyHeld(boot("01 00 68 00 00 00 00 00"), combo)).toBe(false);
    expect(hotkeyHeld(boot("03 00 00 00 00 00 00 00"), combo)).toBe(false);
    expect(hotkeyHeld(boot("00 00 68 00 00 00 00 00"), combo)).toBe(false);
  });

  it("accepts either side's modifiers and the key in any slot", () => {
    expect(hotkeyHeld(boot("30 00 04 05 68 00 00 00"), combo)).toBe(true);
    expect(hotkeyHeld(boot("12 00 00 00 00 00 00 68"), combo)).toBe(true);
  });

  it("with no modifiers, is the key alone", () => {
    expect(hotkeyHeld(boot("00 00 68 00 00 00 00 00"), { modifiers: [], key: F13 })).toBe(true);
  });
});

describe("a vendor report's button bit", () => {
  const button = { reportId: null, byte: 1, mask: 0x01 };

  it("reads the masked bits of the configured byte", () => {
    expect(vendorButtonState(Buffer.from("0001", "hex"), button)).toBe(true);
    expect(vendorButtonState(Buffer.from("00fe", "hex"), button)).toBe(false);
  });

  it("calls a report too short for the byte short", () => {
    expect(vendorButtonState(Buffer.from("01", "hex"), button)).toBe("short");
  });

  it("ignores reports with another report id", () => {
    const numbered = { reportId: 2, byte: 1, mask: 0x80 };
    expect(vendorButtonState(Buffer.from("0380", "hex"), numbered)).toBe("other");
    expect(vendorButtonState(Buffer.from("0280", "hex"), numbered)).toBe(true);
  });
});

describe("button edges", () => {
  it("tells changes only, starting released", () => {
    const e = new ButtonEdges();
    expect([false, true, true, false, false, true].map((p) => e.update(p))).toEqual([null, true, null, false, null, true]);
    e.reset();
    expect(e.update(true)).toBe(true);
  });
});
