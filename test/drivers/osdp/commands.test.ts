import { describe, expect, it } from "vitest";
import {
  buzzer,
  capabilities,
  challenge,
  comSet,
  identify,
  inputStatus,
  keySet,
  led,
  LedColor,
  localStatus,
  output,
  outputStatus,
  poll,
  receiveSize,
  serverCrypt,
  text,
  type EncodeResult,
  type LedControl,
} from "../../../src/drivers/osdp/commands.js";
import { SCBK_D } from "../../../src/drivers/osdp/secure-channel.js";

const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const hexOf = (r: EncodeResult): string => (r.ok ? `${r.command.code.toString(16)}:${toHex(r.command.data)}` : `error:${r.error}`);

describe("OSDP command encoders", () => {
  it("encode the status and identity queries", () => {
    const queries = [poll(), identify(), capabilities(), localStatus(), inputStatus(), outputStatus()];
    expect(queries.map((c) => hexOf({ ok: true, command: c }))).toEqual(["60:", "61:00", "62:00", "64:", "65:", "66:"]);
  });

  it("encode OUT records with little-endian timers", () => {
    expect(hexOf(output([{ output: 0, control: 5, timer: 50 }, { output: 1, control: 1, timer: 0 }]))).toBe("68:0005320001010000");
    expect(hexOf(output([]))).toBe("error:no output records");
    expect(hexOf(output([{ output: 0, control: 7 as 6, timer: 0 }]))).toBe("error:output record out of range");
    expect(hexOf(output([{ output: 0, control: 5, timer: 65536 }]))).toBe("error:output record out of range");
  });

  it("encode a 14-byte LED record", () => {
    const green: LedControl = {
      reader: 0,
      led: 1,
      temporary: { control: 2, onTime: 5, offTime: 5, onColor: LedColor.green, offColor: LedColor.black, timer: 300 },
      permanent: { control: 1, onTime: 1, offTime: 0, onColor: LedColor.red, offColor: LedColor.red },
    };
    expect(hexOf(led([green]))).toBe("69:000102050502002c010101000101");
    expect(hexOf(led([{ ...green, permanent: { ...green.permanent, onColor: 8 } }]))).toBe("error:LED record out of range");
  });

  it("encode BUZ and TEXT", () => {
    expect(hexOf(buzzer({ reader: 0, tone: 2, onTime: 1, offTime: 1, count: 3 }))).toBe("6a:0002010103");
    expect(hexOf(buzzer({ reader: 0, tone: 3 as 2, onTime: 1, offTime: 1, count: 3 }))).toBe("error:buzzer control out of range");
    expect(hexOf(text({ reader: 0, mode: 3, seconds: 5, row: 1, column: 1, text: "Hi!" }))).toBe("6b:000305010103486921");
    expect(hexOf(text({ reader: 0, mode: 1, seconds: 0, row: 1, column: 1, text: "é" }))).toMatch(/^error:/);
    expect(hexOf(text({ reader: 0, mode: 1, seconds: 0, row: 1, column: 1, text: "x".repeat(256) }))).toMatch(/^error:/);
    expect(hexOf(text({ reader: 0, mode: 0 as 1, seconds: 0, row: 1, column: 1, text: "" }))).toBe("error:text control out of range");
  });

  it("encode COMSET as in Annex E (address 0, 9600 baud)", () => {
    expect(hexOf(comSet(0, 9600))).toBe("6e:0080250000");
    expect(hexOf(comSet(0x12, 115200))).toBe("6e:1200c20100");
    expect(hexOf(comSet(0x7f, 9600))).toBe("error:address out of range");
    expect(hexOf(comSet(1, 14400))).toBe("error:unsupported baud rate");
  });

  it("encode KEYSET with key type 1 and refuse weak keys", () => {
    const key = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    expect(hexOf(keySet(key))).toBe(`75:0110${toHex(key)}`);
    expect(hexOf(keySet(SCBK_D))).toBe("error:weak key");
    expect(hexOf(keySet(new Uint8Array(16)))).toBe("error:weak key");
    expect(hexOf(keySet(new Uint8Array(15)))).toBe("error:key must be 16 bytes");
  });

  it("encode CHLNG, SCRYPT and ACURXSIZE", () => {
    expect(hexOf(challenge(Uint8Array.of(0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7)))).toBe("76:b0b1b2b3b4b5b6b7");
    expect(hexOf(challenge(new Uint8Array(7)))).toBe("error:random must be 8 bytes");
    expect(hexOf(serverCrypt(new Uint8Array(16).fill(0x26)))).toBe(`77:${"26".repeat(16)}`);
    expect(hexOf(serverCrypt(new Uint8Array(8)))).toBe("error:cryptogram must be 16 bytes");
    expect(hexOf(receiveSize(1440))).toBe("7b:a005");
    expect(hexOf(receiveSize(0))).toBe("error:size out of range");
  });
});
