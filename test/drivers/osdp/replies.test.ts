import { describe, expect, it } from "vitest";
import { decodeBits, encodeBits } from "../../../src/core/badge.js";
import { receiveBufferSize, supportsCrc, supportsSecureChannel } from "../../../src/drivers/osdp/capabilities.js";
import { Reply } from "../../../src/drivers/osdp/codes.js";
import { decodeReply, type OsdpReply } from "../../../src/drivers/osdp/replies.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));

function reply(code: number, data: string): OsdpReply {
  const r = decodeReply(code, hex(data));
  if (!r.ok) throw new Error(`${code}: ${r.error}`);
  return r.reply;
}

/** Packs a bit string left-justified, MSB first, as a reader sends it (written independently of the decoder). */
function pack(bits: string): string {
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i] === "1") bytes[i >> 3] = (bytes[i >> 3] ?? 0) | (0x80 >> (i % 8));
  return Buffer.from(bytes).toString("hex");
}

describe("OSDP reply decoders", () => {
  it("decode ACK, BUSY and NAK with its reason", () => {
    expect(reply(Reply.ACK, "")).toEqual({ type: "ack" });
    expect(reply(Reply.BUSY, "")).toEqual({ type: "busy" });
    expect(reply(Reply.NAK, "04")).toEqual({ type: "nak", code: 4, reason: "sequence_number", detail: new Uint8Array(0) });
    expect(reply(Reply.NAK, "0601")).toMatchObject({ reason: "security_conditions", detail: hex("01") });
    expect(reply(Reply.NAK, "0a")).toMatchObject({ code: 10, reason: "unknown" });
    expect(decodeReply(Reply.NAK, new Uint8Array(0))).toEqual({ ok: false, code: Reply.NAK, error: "bad_length" });
    expect(decodeReply(Reply.ACK, hex("00"))).toEqual({ ok: false, code: Reply.ACK, error: "bad_length" });
  });

  it("decode PDID", () => {
    expect(reply(Reply.PDID, "5c2602 01 02 78563412 030a07")).toEqual({
      type: "pdid",
      vendor: "5C2602",
      model: 1,
      version: 2,
      serial: 0x12345678,
      firmware: "3.10.7",
    });
    expect(decodeReply(Reply.PDID, new Uint8Array(11)).ok).toBe(false);
  });

  it("decode PDCAP into a capability list", () => {
    const r = reply(Reply.PDCAP, "010208 020104 0801 00 0901 01 0a a005 0d0001 ff0000");
    expect(r.type === "pdcap" && r.capabilities.map((c) => c.name)).toEqual([
      "contact_status_monitoring",
      "output_control",
      "check_character_support",
      "communication_security",
      "receive_buffer_size",
      "readers",
      "unknown",
    ]);
    if (r.type !== "pdcap") return;
    expect(r.capabilities[0]).toEqual({ code: 1, name: "contact_status_monitoring", compliance: 2, count: 8 });
    expect(supportsSecureChannel(r.capabilities)).toBe(true);
    expect(supportsCrc(r.capabilities)).toBe(true);
    expect(receiveBufferSize(r.capabilities)).toBe(1440);
    expect(supportsSecureChannel([])).toBe(false);
    expect(receiveBufferSize([])).toBeNull();
    expect(decodeReply(Reply.PDCAP, hex("0102")).ok).toBe(false);
  });

  it("decode LSTATR, ISTATR and OSTATR", () => {
    expect(reply(Reply.LSTATR, "0100")).toEqual({ type: "lstatr", tamper: true, powerFailure: false });
    expect(reply(Reply.LSTATR, "0001")).toEqual({ type: "lstatr", tamper: false, powerFailure: true });
    expect(decodeReply(Reply.LSTATR, hex("0200"))).toEqual({ ok: false, code: Reply.LSTATR, error: "bad_value" });
    expect(reply(Reply.ISTATR, "00010001")).toEqual({ type: "istatr", inputs: [false, true, false, true] });
    expect(reply(Reply.OSTATR, "01")).toEqual({ type: "ostatr", outputs: [true] });
    expect(decodeReply(Reply.ISTATR, hex("02")).ok).toBe(false);
    expect(decodeReply(Reply.OSTATR, new Uint8Array(0)).ok).toBe(false);
  });

  it("decode a RAW 26-bit read into the bit string the badge formats take", () => {
    const bits = encodeBits("h10301", 123, 45678);
    const r = reply(Reply.RAW, `00 01 1a00 ${pack(bits)}`);
    expect(r).toEqual({ type: "raw", reader: 0, format: "wiegand", bits });
    expect(r.type === "raw" && decodeBits(r.bits)).toMatchObject({ format: "h10301", facility: 123, number: 45678, parityOk: true });
  });

  it("decode RAW reads of 35 and 37 bits, ignoring the pad bits", () => {
    for (const [format, fc, cn] of [["corp1000", 4000, 1_000_000], ["h10304", 65535, 524287]] as const) {
      const bits = encodeBits(format, fc, cn);
      const packed = hex(pack(bits));
      packed[packed.length - 1] = (packed[packed.length - 1] ?? 0) | (0xff >> bits.length % 8);
      const data = `01 00 ${bits.length.toString(16).padStart(2, "0")}00 ${Buffer.from(packed).toString("hex")}`;
      expect(reply(Reply.RAW, data)).toEqual({ type: "raw", reader: 1, format: "raw", bits });
    }
  });

  it("refuse RAW reads whose length disagrees with the bit count", () => {
    expect(decodeReply(Reply.RAW, hex("00011a00 0102 03"))).toEqual({ ok: false, code: Reply.RAW, error: "bad_length" });
    expect(decodeReply(Reply.RAW, hex("00011a00 0102030405"))).toEqual({ ok: false, code: Reply.RAW, error: "bad_length" });
    expect(decodeReply(Reply.RAW, hex("00010000"))).toEqual({ ok: false, code: Reply.RAW, error: "bad_value" });
    expect(decodeReply(Reply.RAW, hex("00020800 ff"))).toEqual({ ok: false, code: Reply.RAW, error: "bad_value" });
    expect(decodeReply(Reply.RAW, hex("0001"))).toEqual({ ok: false, code: Reply.RAW, error: "bad_length" });
  });

  it("decode KEYPAD with * and #", () => {
    expect(reply(Reply.KEYPAD, "00 04 31 32 7f 0d")).toEqual({ type: "keypad", reader: 0, keys: "12*#" });
    expect(decodeReply(Reply.KEYPAD, hex("00 03 31 32")).ok).toBe(false);
    expect(decodeReply(Reply.KEYPAD, hex("00 01 41"))).toEqual({ ok: false, code: Reply.KEYPAD, error: "bad_value" });
  });

  it("decode COM, CCRYPT and RMAC_I", () => {
    expect(reply(Reply.COM, "05 00c20100")).toEqual({ type: "com", address: 5, baud: 115200 });
    expect(decodeReply(Reply.COM, hex("80 80250000")).ok).toBe(false);
    const ccrypt = reply(Reply.CCRYPT, `${"11".repeat(8)} a0a1a2a3a4a5a6a7 fde5d2f428ec16312471ea3c02bd7796`);
    expect(ccrypt).toEqual({
      type: "ccrypt",
      clientUid: hex("11".repeat(8)),
      pdRandom: hex("a0a1a2a3a4a5a6a7"),
      clientCryptogram: hex("fde5d2f428ec16312471ea3c02bd7796"),
    });
    const mac = "b2a30057eb98ba2229ec1f875662b524";
    expect(reply(Reply.RMAC_I, mac)).toEqual({ type: "rmac_i", mac: hex(mac) });
    expect(decodeReply(Reply.CCRYPT, new Uint8Array(31)).ok).toBe(false);
  });

  it("report an unknown code without throwing, whatever the data", () => {
    expect(decodeReply(0x99, hex("0102"))).toEqual({ ok: false, code: 0x99, error: "unknown_reply" });
    for (const code of Object.values(Reply)) {
      for (let n = 0; n < 40; n++) expect(() => decodeReply(code, Uint8Array.from({ length: n }, (_, i) => i * 7))).not.toThrow();
    }
  });
});
