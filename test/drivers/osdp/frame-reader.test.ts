import { describe, expect, it } from "vitest";
import { FrameReader } from "../../../src/drivers/osdp/frame-reader.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const ACK = hex("FF 53 80 08 00 06 40 3B CA");

describe("OSDP frame reader", () => {
  it("assembles a packet delivered one byte at a time", () => {
    const reader = new FrameReader();
    for (const b of ACK.subarray(0, -1)) expect(reader.push(Uint8Array.of(b))).toEqual([]);
    expect(reader.pending).toBe(ACK.length - 1);
    const [r] = reader.push(ACK.subarray(-1));
    expect(r?.kind === "frame" && r.frame.code).toBe(0x40);
    expect(reader.pending).toBe(0);
  });

  it("reports noise, then two packets from one chunk", () => {
    const reader = new FrameReader();
    const results = reader.push(new Uint8Array([0x01, 0x02, ...ACK, ...ACK]));
    expect(results.map((r) => r.kind)).toEqual(["skip", "frame", "frame"]);
  });

  it("after silence, drops a truncated reply and finds the packet behind it", () => {
    const reader = new FrameReader();
    // A reply cut after its header claims 0x40 bytes; the next reply arrives before the gap is noticed.
    expect(reader.push(new Uint8Array([...hex("FF 53 80 40 00 06"), ...ACK]))).toEqual([]);
    const results = reader.expire();
    expect(results.map((r) => (r.kind === "bad" ? r.reason : r.kind))).toEqual(["truncated", "skip", "frame"]);
    expect(reader.pending).toBe(0);
  });

  it("forgets everything on reset", () => {
    const reader = new FrameReader();
    reader.push(ACK.subarray(0, 4));
    reader.reset();
    expect(reader.pending).toBe(0);
    expect(reader.push(ACK).map((r) => r.kind)).toEqual(["frame"]);
  });

  it("applies its options to every packet", () => {
    const reader = new FrameReader({ crcOnly: true });
    const [r] = reader.push(hex("537f0c00006e00802500000f"));
    expect(r).toEqual({ kind: "bad", reason: "checksum_not_allowed", consumed: 12 });
  });
});
