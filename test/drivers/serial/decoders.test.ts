import { describe, expect, it } from "vitest";
import { SerialDecoder } from "../../../src/catalog/transport-serial.js";
import { encodeBits } from "../../../src/core/badge.js";
import type { ScreeningResult } from "../../../src/core/events.js";
import type { DecodeOutcome, FrameDecoder } from "../../../src/drivers/serial/decode-common.js";
import { createDecoder } from "../../../src/drivers/serial/decoders.js";
import { catalogModel } from "../../helpers/serial-harness.js";

const PAT = encodeBits("h10301", 123, 45678);
const FC1 = encodeBits("h10301", 1, 1);
const CORP = encodeBits("corp1000", 1001, 5000);
const H37 = encodeBits("h10304", 4242, 300001);

function decoder(spec: unknown, device = "dev"): FrameDecoder {
  return createDecoder(device, SerialDecoder.parse(spec));
}

/** The decoder of a shipped catalog model. */
function shipped(model: string, device = "dev"): FrameDecoder {
  const t = catalogModel(model).transport;
  if (t.type !== "serial") throw new Error(`${model} is not serial`);
  return createDecoder(device, t.decoder);
}

const line = (d: FrameDecoder, text: string): DecodeOutcome[] => d.decode(Buffer.from(text, "latin1"));
const bits = (b: string): DecodeOutcome[] => [
  { kind: "input", input: { kind: "badge", reader: "dev", read: { kind: "bits", bits: b } }, source: null },
];
const badWith = (reason: string | RegExp): DecodeOutcome[] => [
  { kind: "bad", reason: typeof reason === "string" ? reason : (expect.stringMatching(reason) as string) },
];

describe("wiegand_text decoder (generic/wiegand-serial-text)", () => {
  const d = shipped("generic/wiegand-serial-text");
  const table: [string, DecodeOutcome[]][] = [
    ["26:2F764DD", bits(PAT)],
    ["26:0x2F764DD", bits(PAT)],
    ["26:2020002", bits(FC1)],
    ["35:27D202710", bits(CORP)],
    ["37:11092927C3", bits(H37)],
    ["27:2F764DD", bits(`0${PAT}`)],
    ["26:2F764DC", badWith("h10301 parity error")],
    ["26:FFFFFFF", badWith(/wider than the count/)],
    ["0:0", badWith(/malformed/)],
    ["300:1", badWith(/no pattern matches|malformed/)],
    ["26 2F764DD", badWith("no pattern matches")],
    ["WIEGAND CONVERTER V2.1", [{ kind: "none" }]],
    ["", badWith("no pattern matches")],
  ];
  for (const [text, want] of table) {
    it(JSON.stringify(text), () => expect(line(d, text)).toEqual(want));
  }
});

describe("wiegand_text: other converters need only a pattern", () => {
  it("W26 0x2F764DD", () => {
    const d = decoder({ type: "wiegand_text", pattern: "^W(?<count>\\d{1,3}) 0x(?<hex>[0-9A-F]+)$" });
    expect(line(d, "W26 0x2F764DD")).toEqual(bits(PAT));
  });

  it("[26]2F764DD", () => {
    const d = decoder({ type: "wiegand_text", pattern: "^\\[(?<count>\\d{1,3})\\](?<hex>[0-9A-F]+)$" });
    expect(line(d, "[26]2F764DD")).toEqual(bits(PAT));
  });

  it("decimal value and raw bit strings", () => {
    const dec = decoder({ type: "wiegand_text", pattern: "^(?<count>\\d+),(?<value>\\d+)$" });
    expect(line(dec, `26,${0x2f764dd}`)).toEqual(bits(PAT));
    const raw = decoder({ type: "wiegand_text", pattern: "^(?<count>\\d+)b(?<bits>[01]+)$" });
    expect(line(raw, `26b${PAT}`)).toEqual(bits(PAT));
    expect(line(raw, `27b${PAT}`)).toEqual(badWith("bit count does not match the bits"));
  });

  it("parity pass forwards a misread for the core to deny; bit_counts refuses other widths", () => {
    const pass = decoder({ type: "wiegand_text", pattern: "^(?<count>\\d+):(?<hex>[0-9A-F]+)$", parity: "pass" });
    expect(line(pass, "26:2F764DC")).toEqual(bits(`${PAT.slice(0, 25)}0`));
    const only26 = decoder({ type: "wiegand_text", pattern: "^(?<count>\\d+):(?<hex>[0-9A-F]+)$", bit_counts: [26] });
    expect(line(only26, "35:27D202710")).toEqual(badWith("35-bit read not accepted"));
  });
});

describe("ascii_card decoder", () => {
  const d = shipped("generic/ascii-card-reader");
  const digits = (v: string): DecodeOutcome[] => [
    { kind: "input", input: { kind: "badge", reader: "dev", read: { kind: "digits", digits: v } }, source: null },
  ];
  const table: [string, DecodeOutcome[]][] = [
    ["0004512345", digits("0004512345")],
    ["  12345678  ", digits("12345678")],
    ["123456789012345678901", badWith("no pattern matches")],
    ["12A45", badWith("no pattern matches")],
    ["READY", [{ kind: "none" }]],
  ];
  for (const [text, want] of table) {
    it(JSON.stringify(text), () => expect(line(d, text)).toEqual(want));
  }
});

describe("panic_receiver decoder (generic/wireless-panic-receiver)", () => {
  const press = (pressed: boolean, source: string): DecodeOutcome => ({
    kind: "input",
    input: { kind: "panic", device: "dev", pressed },
    source,
  });

  it("latches while any transmitter is in alarm; repeats change nothing", () => {
    const d = shipped("generic/wireless-panic-receiver");
    expect(line(d, "ALARM 12")).toEqual([press(true, "12"), { kind: "alive", source: "12" }]);
    expect(line(d, "ALARM 12")).toEqual([{ kind: "alive", source: "12" }]);
    expect(line(d, "ALARM 7")).toEqual([{ kind: "alive", source: "7" }]);
    expect(line(d, "RESTORE 12")).toEqual([{ kind: "alive", source: "12" }]);
    expect(line(d, "RESTORE 7")).toEqual([press(false, "7"), { kind: "alive", source: "7" }]);
    expect(line(d, "RESTORE 7")).toEqual([{ kind: "alive", source: "7" }]);
  });

  it("check-ins, troubles, ignored and unknown lines", () => {
    const d = shipped("generic/wireless-panic-receiver");
    expect(line(d, "CHECKIN 3")).toEqual([{ kind: "alive", source: "3" }]);
    expect(line(d, "TROUBLE 3 TAMPER")).toEqual([{ kind: "trouble", reason: "TAMPER (transmitter 3)" }]);
    expect(line(d, "OK")).toEqual([{ kind: "none" }]);
    expect(line(d, "ALARM")).toEqual(badWith("no pattern matches"));
  });

  it("without a restore pattern an alarm is momentary", () => {
    const d = decoder({ type: "panic_receiver", patterns: { alarm: "^PANIC$" } });
    expect(line(d, "PANIC")).toEqual([
      { kind: "input", input: { kind: "panic", device: "dev", pressed: true }, source: null },
      { kind: "input", input: { kind: "panic", device: "dev", pressed: false }, source: null },
      { kind: "alive", source: null },
    ]);
  });
});

describe("screening_lines decoder (generic/wtmd-serial-text)", () => {
  const screening = (result: ScreeningResult, zones: number[], counts?: object): DecodeOutcome => ({
    kind: "input",
    input: { kind: "screening", device: "dev", result, zones, ...(counts === undefined ? {} : { counts }) },
    source: zones.length > 0 ? `zones ${zones.join(",")}` : null,
  });

  it("alarm with zones, passage, counters carried to the next event, trouble", () => {
    const d = shipped("generic/wtmd-serial-text");
    expect(line(d, "ALARM Z04,03,04")).toEqual([screening("alarm", [3, 4])]);
    expect(line(d, "PASS")).toEqual([screening("passage", [])]);
    expect(line(d, "CNT P000120 A000044")).toEqual([{ kind: "none" }]);
    expect(line(d, "PASS")).toEqual([screening("passage", [], { passages: 120, alarms: 44 })]);
    expect(line(d, "ALARM Z17 P000122 A000045")).toEqual([screening("alarm", [17], { passages: 122, alarms: 45 })]);
    expect(line(d, "ERR 05 TX COIL")).toEqual([{ kind: "trouble", reason: "05 TX COIL" }]);
    expect(line(d, "READY")).toEqual([{ kind: "none" }]);
  });

  it("a zone out of range or an unknown line is bad", () => {
    const d = shipped("generic/wtmd-serial-text");
    expect(line(d, "ALARM Z00")).toEqual(badWith("zone outside 1-64"));
    expect(line(d, "ALARM Z99")).toEqual(badWith("zone outside 1-64"));
    expect(line(d, "ALARM")).toEqual(badWith("no pattern matches"));
  });

  it("a detector model is one YAML of named patterns", () => {
    const d = decoder({
      type: "screening_lines",
      patterns: { alarm: "^A(?<zones>[0-9 ]+)$", passage: "^T(?<passages>\\d+)$" },
    });
    expect(line(d, "A1 2 3")).toEqual([screening("alarm", [1, 2, 3])]);
    expect(line(d, "T42")).toEqual([screening("passage", [], { passages: 42 })]);
  });
});
