import { describe, expect, it } from "vitest";
import { KeyTracker, keyChar, MODIFIER_BITS, parseBootReport } from "../../../src/drivers/hid/keyboard.js";

const report = (hex: string) => {
  const r = parseBootReport(Buffer.from(hex.replace(/\s+/g, ""), "hex"));
  if (r === null) throw new Error(`not a boot report: ${hex}`);
  return r;
};

describe("boot keyboard reports (USB HID 1.11 Appendix B.1)", () => {
  it("reads the modifier byte and the non-empty key slots, and skips the reserved byte", () => {
    expect(report("02 ff 04 05 00 00 00 00")).toEqual({ modifiers: 0x02, keys: [0x04, 0x05], phantom: false });
  });

  it("rejects reports that are not 8 bytes", () => {
    for (const hex of ["", "0000", "00000400000000", "000004000000000000"]) {
      expect(parseBootReport(Buffer.from(hex, "hex"))).toBeNull();
    }
  });

  it("marks an ErrorRollOver report as phantom with no keys", () => {
    expect(report("00 00 01 01 01 01 01 01")).toEqual({ modifiers: 0, keys: [], phantom: true });
  });
});

describe("the key tracker", () => {
  it("counts a key on the report where it goes down, not on the reports that repeat it", () => {
    const t = new KeyTracker();
    expect(t.feed(report("00 00 27 00 00 00 00 00")).map((p) => p.usage)).toEqual([0x27]);
    expect(t.feed(report("00 00 27 00 00 00 00 00"))).toEqual([]);
    expect(t.feed(report("00 00 00 00 00 00 00 00"))).toEqual([]);
    expect(t.feed(report("00 00 27 00 00 00 00 00")).map((p) => p.usage)).toEqual([0x27]);
  });

  it("handles rollover: a key pressed while another is held counts once, and the release of the first adds nothing", () => {
    const t = new KeyTracker();
    expect(t.feed(report("00 00 22 00 00 00 00 00")).map((p) => p.usage)).toEqual([0x22]);
    expect(t.feed(report("00 00 22 1e 00 00 00 00")).map((p) => p.usage)).toEqual([0x1e]);
    expect(t.feed(report("00 00 1e 00 00 00 00 00"))).toEqual([]);
    expect(t.feed(report("00 00 1e 1f 20 00 00 00")).map((p) => p.usage)).toEqual([0x1f, 0x20]);
  });

  it("keeps the held keys across a phantom report, so nothing is typed twice", () => {
    const t = new KeyTracker();
    t.feed(report("00 00 04 00 00 00 00 00"));
    expect(t.feed(report("00 00 01 01 01 01 01 01"))).toEqual([]);
    expect(t.feed(report("00 00 04 00 00 00 00 00"))).toEqual([]);
  });

  it("carries the modifiers of the report a key went down in", () => {
    const t = new KeyTracker();
    expect(t.feed(report("20 00 04 00 00 00 00 00"))).toEqual([{ usage: 0x04, modifiers: 0x20 }]);
  });

  it("forgets held keys on reset", () => {
    const t = new KeyTracker();
    t.feed(report("00 00 04 00 00 00 00 00"));
    t.reset();
    expect(t.feed(report("00 00 04 00 00 00 00 00"))).toHaveLength(1);
  });
});

describe("key characters (HID Usage Tables 1.4 §10, US layout)", () => {
  const shift = MODIFIER_BITS.shift;

  it("maps the number row 0x1E-0x27 to 1-9, 0, and shifted to symbols", () => {
    const row = Array.from({ length: 10 }, (_, i) => 0x1e + i);
    expect(row.map((u) => keyChar(u, 0)).join("")).toBe("1234567890");
    expect(row.map((u) => keyChar(u, 0x02)).join("")).toBe("!@#$%^&*()");
    expect(row.map((u) => keyChar(u, 0x20)).join("")).toBe("!@#$%^&*()");
  });

  it("maps letters 0x04-0x1D, upper case with either shift", () => {
    expect(keyChar(0x04, 0)).toBe("a");
    expect(keyChar(0x1d, 0)).toBe("z");
    expect(keyChar(0x04, shift & 0x0f)).toBe("A");
    expect(keyChar(0x1d, shift & 0xf0)).toBe("Z");
  });

  it("maps keypad 0x59-0x62 to 1-9, 0 whatever the shift", () => {
    const pad = Array.from({ length: 10 }, (_, i) => 0x59 + i);
    expect(pad.map((u) => keyChar(u, shift)).join("")).toBe("1234567890");
  });

  it("maps space and punctuation 0x2C-0x38", () => {
    expect(keyChar(0x2c, 0)).toBe(" ");
    expect(keyChar(0x2d, 0)).toBe("-");
    expect(keyChar(0x2d, shift)).toBe("_");
    expect(keyChar(0x38, shift)).toBe("?");
  });

  it("types nothing for Enter, Escape, F-keys and modifiers", () => {
    for (const u of [0x28, 0x29, 0x2a, 0x2b, 0x3a, 0x68, 0xe0, 0xe7]) expect(keyChar(u, 0)).toBeNull();
  });
});
