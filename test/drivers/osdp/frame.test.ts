import { describe, expect, it } from "vitest";
import { Scs } from "../../../src/drivers/osdp/codes.js";
import { crc16 } from "../../../src/drivers/osdp/crc.js";
import { buildFrame, type FrameSpec } from "../../../src/drivers/osdp/frame.js";
import { parseFrame, type ParseResult } from "../../../src/drivers/osdp/frame-parser.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

function built(spec: FrameSpec, sign?: (m: Uint8Array) => Uint8Array): Uint8Array {
  const r = buildFrame(spec, sign);
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
}

function frameOf(r: ParseResult) {
  if (r.kind !== "frame") throw new Error(`expected a frame, got ${JSON.stringify(r)}`);
  return r;
}

const POLL = hex("FF 53 00 08 00 06 60 89 CC");
const ACK = hex("FF 53 80 08 00 06 40 3B CA");

describe("OSDP packet builder", () => {
  it("reproduces the POLL/ACK trace", () => {
    expect(toHex(built({ address: 0, reply: false, sequence: 2, code: 0x60 }))).toBe(toHex(POLL));
    expect(toHex(built({ address: 0, reply: true, sequence: 2, code: 0x40 }))).toBe(toHex(ACK));
  });

  it("reproduces the Annex E checksum and CRC packets", () => {
    const comset = { address: 0x7f, reply: false, sequence: 0, code: 0x6e, data: hex("00 80 25 00 00") } as const;
    expect(toHex(built({ ...comset, check: "checksum", mark: false }))).toBe("537f0c00006e00802500000f");
    const id = { address: 0, reply: false, sequence: 0, code: 0x61, data: hex("00"), mark: false } as const;
    expect(toHex(built(id))).toBe("53000900046100c066");
  });

  it("signs a MAC-carrying packet over SOM through the data, with the final length", () => {
    const seen: Uint8Array[] = [];
    const sign = (m: Uint8Array): Uint8Array => (seen.push(m), hex("A1 A2 A3 A4 FF FF"));
    const bytes = built({ address: 3, reply: false, sequence: 1, scb: hex("02 15"), code: 0x60 }, sign);
    expect(toHex(seen[0] ?? new Uint8Array(0))).toBe("53030e000d021560");
    expect(toHex(bytes.subarray(9, 13))).toBe("a1a2a3a4");
    expect(bytes.length).toBe(1 + 14);
  });

  it("refuses what the spec forbids, as values", () => {
    const base: FrameSpec = { address: 1, reply: false, sequence: 1, code: 0x60 };
    expect(buildFrame({ ...base, address: 0x80 })).toEqual({ ok: false, error: "address out of range" });
    expect(buildFrame({ ...base, code: 256 })).toEqual({ ok: false, error: "code out of range" });
    expect(buildFrame({ ...base, scb: hex("03 11") })).toEqual({ ok: false, error: "security block length mismatch" });
    expect(buildFrame({ ...base, scb: hex("03 11 00"), check: "checksum" })).toEqual({
      ok: false,
      error: "checksum not allowed with a security block",
    });
    expect(buildFrame({ ...base, scb: hex("02 17") })).toEqual({ ok: false, error: "security block type needs a MAC" });
    expect(buildFrame({ ...base, data: new Uint8Array(0xfff8) })).toEqual({ ok: false, error: "packet too long" });
  });
});

describe("OSDP packet parser", () => {
  it("parses the POLL/ACK trace", () => {
    const poll = frameOf(parseFrame(POLL));
    expect(poll.consumed).toBe(9);
    expect(poll.frame).toMatchObject({ address: 0, reply: false, sequence: 2, check: "crc", code: 0x60, marked: true });
    expect(poll.frame.scb).toBeNull();
    expect(poll.frame.mac).toBeNull();
    expect(frameOf(parseFrame(ACK)).frame).toMatchObject({ address: 0, reply: true, code: 0x40 });
  });

  it("round-trips security block, data and MAC", () => {
    const spec: FrameSpec = { address: 0x12, reply: true, sequence: 3, scb: hex("02 18"), code: 0x50, data: hex("0102030405") };
    const { frame } = frameOf(parseFrame(built(spec, () => hex("DEADBEEF"))));
    expect(toHex(frame.scb ?? new Uint8Array(0))).toBe("0218");
    expect(toHex(frame.data)).toBe("0102030405");
    expect(toHex(frame.mac ?? new Uint8Array(0))).toBe("deadbeef");
    expect(toHex(frame.macInput)).toBe("539213000f0218500102030405");
  });

  it("parses a handshake block with no MAC and a checksum packet without mark", () => {
    const chlng = built({ address: 1, reply: false, sequence: 1, scb: hex("03 11 00"), code: 0x76, data: hex("B0B1B2B3B4B5B6B7") });
    const c = frameOf(parseFrame(chlng)).frame;
    expect(toHex(c.scb ?? new Uint8Array(0))).toBe("031100");
    expect(c.mac).toBeNull();
    const ck = frameOf(parseFrame(hex("537f0c00006e00802500000f"))).frame;
    expect(ck).toMatchObject({ address: 0x7f, check: "checksum", code: 0x6e, marked: false });
  });

  it("asks for more until the packet is complete, and keeps a trailing mark", () => {
    for (let n = 0; n < ACK.length; n++) expect(parseFrame(ACK.subarray(0, n))).toEqual({ kind: "need_more" });
    expect(parseFrame(hex("0102FF"))).toEqual({ kind: "skip", count: 2 });
  });

  it("skips garbage before SOM, the mark staying with its packet", () => {
    expect(parseFrame(hex("00 11 FF FF"))).toEqual({ kind: "skip", count: 3 });
    expect(parseFrame(hex("00 11 FF 53 00"))).toEqual({ kind: "skip", count: 2 });
    const withNoise = new Uint8Array([0x10, 0x20, ...ACK]);
    expect(parseFrame(withNoise)).toEqual({ kind: "skip", count: 2 });
    expect(frameOf(parseFrame(withNoise.subarray(2))).consumed).toBe(ACK.length);
  });

  it("consumes only the SOM of a header that cannot be a packet", () => {
    expect(parseFrame(hex("FF 53 00 08 00 16 60 00 00"))).toEqual({ kind: "bad", reason: "reserved_control_bits", consumed: 2 });
    expect(parseFrame(hex("53 00 07 00 04 60"))).toEqual({ kind: "bad", reason: "length_out_of_range", consumed: 1 });
    expect(parseFrame(hex("53 00 06 00 00 60"))).toEqual({ kind: "bad", reason: "length_out_of_range", consumed: 1 });
    expect(parseFrame(hex("53 00 A1 05 04"))).toEqual({ kind: "bad", reason: "length_out_of_range", consumed: 1 });
    expect(parseFrame(hex("53 00 0A 00 0C 01"))).toEqual({ kind: "bad", reason: "bad_security_block", consumed: 1 });
    expect(parseFrame(hex("53 00 0A 00 0C 03"))).toEqual({ kind: "bad", reason: "bad_security_block", consumed: 1 });
  });

  it("honours a smaller maximum length", () => {
    const big = built({ address: 1, reply: true, sequence: 1, code: 0x50, data: new Uint8Array(200) });
    expect(frameOf(parseFrame(big)).consumed).toBe(big.length);
    expect(parseFrame(big, { maxLength: 128 })).toEqual({ kind: "bad", reason: "length_out_of_range", consumed: 2 });
  });

  it("accepts device packets from 128 to 1440 bytes, SOM through check, and refuses 1441 by default", () => {
    // Header (SOM, address, two length bytes, CTRL), code and CRC take 8 bytes.
    const of = (length: number) => built({ address: 1, reply: true, sequence: 1, code: 0x50, data: new Uint8Array(length - 8).fill(0xa5) });
    for (const length of [128, 1440]) {
      const packet = of(length);
      expect(packet.length).toBe(length + 1); // and the mark
      expect(frameOf(parseFrame(packet)).frame.data.length).toBe(length - 8);
    }
    expect(parseFrame(of(1441))).toEqual({ kind: "bad", reason: "length_out_of_range", consumed: 2 });
  });

  it("consumes only the SOM when the check fails", () => {
    const broken = ACK.slice();
    broken[6] = 0x41;
    expect(parseFrame(broken)).toEqual({ kind: "bad", reason: "check_mismatch", consumed: 2 });
    const ck = hex("537f0c00006e00802500000e");
    expect(parseFrame(ck)).toEqual({ kind: "bad", reason: "check_mismatch", consumed: 1 });
  });

  it("rejects whole a checked packet that breaks Secure Channel rules", () => {
    // A checksum packet claiming a security block: the checksum is right, the combination is not.
    const p = hex("53 00 0A 00 08 03 11 00 76");
    const sum = -p.reduce((a, b) => a + b, 0) & 0xff;
    const pkt = new Uint8Array([...p, sum]);
    pkt[2] = pkt.length;
    pkt[pkt.length - 1] = -pkt.subarray(0, -1).reduce((a, b) => a + b, 0) & 0xff;
    expect(parseFrame(pkt)).toEqual({ kind: "bad", reason: "checksum_under_secure_channel", consumed: pkt.length });
    const plain = hex("537f0c00006e00802500000f");
    expect(parseFrame(plain, { crcOnly: true })).toEqual({ kind: "bad", reason: "checksum_not_allowed", consumed: 12 });
  });

  it("rejects whole a CRC-valid packet with an unknown block type or no room for its MAC", () => {
    const withCrc = (body: string): Uint8Array => {
      const b = hex(body);
      b[2] = b.length + 2;
      const crc = crc16(b);
      return new Uint8Array([...b, crc & 0xff, crc >> 8]);
    };
    expect(parseFrame(withCrc("53 01 00 00 0C 02 20 60"))).toEqual({ kind: "bad", reason: "bad_security_block", consumed: 10 });
    expect(parseFrame(withCrc("53 01 00 00 0C 02 15 60 01"))).toEqual({ kind: "bad", reason: "bad_security_block", consumed: 11 });
    expect(frameOf(parseFrame(withCrc(`53 01 00 00 0C 02 ${Scs.COMMAND_MAC.toString(16)} 60 01 02 03 04`))).frame.mac).toEqual(
      hex("01020304"),
    );
  });

  it("reports a truncated packet once the line is silent", () => {
    expect(parseFrame(ACK.subarray(0, 6), { silent: true })).toEqual({ kind: "bad", reason: "truncated", consumed: 2 });
    expect(parseFrame(hex("53 00"), { silent: true })).toEqual({ kind: "bad", reason: "truncated", consumed: 1 });
  });
});
