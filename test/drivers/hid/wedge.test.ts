import { describe, expect, it } from "vitest";
import type { KeyPress } from "../../../src/drivers/hid/keyboard.js";
import { WedgeAssembler } from "../../../src/drivers/hid/wedge.js";

const DIGIT: Record<string, number> = { "1": 0x1e, "2": 0x1f, "3": 0x20, "4": 0x21, "5": 0x22, "6": 0x23, "7": 0x24, "8": 0x25, "9": 0x26, "0": 0x27 };
const keys = (s: string): KeyPress[] => [...s].map((c) => ({ usage: DIGIT[c] ?? 0, modifiers: 0 }));
const ENTER: KeyPress = { usage: 0x28, modifiers: 0 };

describe("assembling keyboard-wedge lines", () => {
  it("returns the characters typed before Enter, one key per feed as reports arrive", () => {
    const w = new WedgeAssembler({ maxGapMs: 1000, maxLength: 64 });
    let t = 0;
    for (const k of keys("0004512345")) expect(w.feed([k], (t += 8))).toEqual([]);
    expect(w.feed([ENTER], (t += 8))).toEqual([{ kind: "line", text: "0004512345" }]);
  });

  it("handles several keys going down in one report, in array order", () => {
    const w = new WedgeAssembler({ maxGapMs: 1000, maxLength: 64 });
    expect(w.feed([...keys("12"), ENTER, ...keys("3")], 0)).toEqual([{ kind: "line", text: "12" }]);
    expect(w.feed([ENTER], 10)).toEqual([{ kind: "line", text: "3" }]);
  });

  it("ends a line on keypad Enter too", () => {
    const w = new WedgeAssembler({ maxGapMs: 1000, maxLength: 64 });
    expect(w.feed([...keys("42"), { usage: 0x58, modifiers: 0 }], 0)).toEqual([{ kind: "line", text: "42" }]);
  });

  it("drops a partial line after a gap longer than max_gap_ms instead of gluing it to the next badge", () => {
    const w = new WedgeAssembler({ maxGapMs: 1000, maxLength: 64 });
    w.feed(keys("99"), 0);
    expect(w.feed(keys("1"), 1001)).toEqual([{ kind: "dropped", reason: "gap" }]);
    expect(w.feed([ENTER], 1010)).toEqual([{ kind: "line", text: "1" }]);
  });

  it("keeps a line whose gap is exactly max_gap_ms", () => {
    const w = new WedgeAssembler({ maxGapMs: 1000, maxLength: 64 });
    w.feed(keys("9"), 0);
    expect(w.feed([...keys("8"), ENTER], 1000)).toEqual([{ kind: "line", text: "98" }]);
  });

  it("drops a line longer than the maximum (a stuck key), and the next line is clean", () => {
    const w = new WedgeAssembler({ maxGapMs: 1000, maxLength: 4 });
    expect(w.feed([...keys("123456"), ENTER, ...keys("7"), ENTER], 0)).toEqual([
      { kind: "dropped", reason: "too_long" },
      { kind: "line", text: "7" },
    ]);
  });

  it("reports a bare Enter as an empty read", () => {
    const w = new WedgeAssembler({ maxGapMs: 1000, maxLength: 4 });
    expect(w.feed([ENTER], 0)).toEqual([{ kind: "dropped", reason: "empty" }]);
  });

  it("forgets a partial line on reset", () => {
    const w = new WedgeAssembler({ maxGapMs: 1000, maxLength: 64 });
    w.feed(keys("55"), 0);
    w.reset();
    expect(w.feed([...keys("6"), ENTER], 1)).toEqual([{ kind: "line", text: "6" }]);
  });
});
