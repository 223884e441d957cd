import { describe, expect, it } from "vitest";
import { SerialDecoder } from "../../../src/catalog/transport-serial.js";
import { encodeBits } from "../../../src/core/badge.js";
import type { DecodeOutcome, FrameDecoder } from "../../../src/drivers/serial/decode-common.js";
import { createDecoder } from "../../../src/drivers/serial/decoders.js";

const PATTERN = "^(?<count>[0-9]{1,3}):(?<hex>[0-9A-Fa-f]{1,64})$";
const CARD = `26:${parseInt(encodeBits("h10301", 123, 45678), 2).toString(16).toUpperCase()}`;

function keypadDecoder(keypad: Record<string, unknown>): FrameDecoder {
  return createDecoder("rdr", SerialDecoder.parse({ type: "wiegand_text", pattern: PATTERN, keypad }));
}

/** Every outcome of the lines, in order. */
const lines = (d: FrameDecoder, ...texts: string[]): DecodeOutcome[] => texts.flatMap((t) => d.decode(Buffer.from(t, "latin1")));
const pin = (digits: string): DecodeOutcome => ({ kind: "input", input: { kind: "keypad", reader: "rdr", digits }, source: null });
const inputs = (out: DecodeOutcome[]) => out.filter((o) => o.kind === "input").map((o) => (o.kind === "input" ? o.input : null));

describe("Wiegand keypad keys through a converter", () => {
  it("4-bit: one key per frame, '#' (11) ends the PIN and '*' (10) clears", () => {
    const d = keypadDecoder({ format: "4bit" });
    expect(lines(d, "4:1", "4:2", "4:B")).toEqual([{ kind: "none" }, { kind: "none" }, pin("12")]);
    expect(lines(d, "4:7", "4:A", "4:0", "4:9", "4:8", "4:3", "4:B").at(-1)).toEqual(pin("0983"));
    expect(lines(d, "4:C")).toEqual([{ kind: "bad", reason: "keypad code out of range", keys: true }]);
  });

  it("8-bit: the key's complement, then the key; a mismatch is a bad frame marked as keys", () => {
    const d = keypadDecoder({ format: "8bit" });
    expect(lines(d, "8:E1", "8:D2", "8:C3", "8:B4", "8:4B").at(-1)).toEqual(pin("1234"));
    expect(lines(d, "8:F1")).toEqual([{ kind: "bad", reason: "keypad key and its complement differ", keys: true }]);
    // A 4-bit frame is not a key of an 8-bit keypad: it is a (raw) card read.
    expect(inputs(lines(d, "4:1"))).toEqual([{ kind: "badge", reader: "rdr", read: { kind: "bits", bits: "0001" } }]);
  });

  it("buffered: the whole PIN in one frame, first key first, 0xF padding; a '#' inside is allowed", () => {
    const d = keypadDecoder({ format: "buffered", buffered_bits: 32 });
    expect(lines(d, "32:FFFF1234")).toEqual([pin("1234")]);
    expect(lines(d, "32:FF04567B")).toEqual([pin("04567")]);
    // Each frame is an entry of its own.
    expect(lines(d, "32:FFFFFFF9", "32:FFFF2468")).toEqual([pin("9"), pin("2468")]);
    expect(lines(d, "32:FFFF12D4")).toEqual([{ kind: "bad", reason: "keypad code out of range", keys: true }]);
  });

  it("a PIN length ends the PIN without '#'", () => {
    const d = keypadDecoder({ format: "4bit", pin_length: 4 });
    expect(inputs(lines(d, "4:5", "4:6", "4:7", "4:8", "4:1"))).toEqual([{ kind: "keypad", reader: "rdr", digits: "5678" }]);
  });

  it("a badge starts a new entry: keys half-typed before it are dropped", () => {
    const d = keypadDecoder({ format: "4bit" });
    const out = lines(d, "4:9", "4:9", CARD, "4:1", "4:2", "4:3", "4:4", "4:B");
    expect(inputs(out).map((i) => i?.kind)).toEqual(["badge", "keypad"]);
    expect(out.at(-1)).toEqual(pin("1234"));
  });

  it("buffered_bits goes with the buffered format, and only with it", () => {
    const parse = (keypad: unknown) => SerialDecoder.safeParse({ type: "wiegand_text", pattern: PATTERN, keypad }).success;
    expect(parse({ format: "buffered" })).toBe(false);
    expect(parse({ format: "4bit", buffered_bits: 32 })).toBe(false);
    expect(parse({ format: "buffered", buffered_bits: 30 })).toBe(false);
    expect(parse({ format: "buffered", buffered_bits: 32 })).toBe(true);
  });
});
