import { describe, expect, it } from "vitest";
import { createPacketSizeGuard, type PacketCheck } from "../../src/bus/packet-guard.js";
import { remainingLength } from "../helpers/raw-mqtt.js";

const LIMIT = 300;

/** An MQTT packet: type byte, remaining length (MQTT 3.1.1 §2.2.3), body. */
function packet(bodyLength: number, type = 0x30): Buffer {
  return Buffer.concat([Buffer.from([type]), remainingLength(bodyLength), Buffer.alloc(bodyLength, 0x41)]);
}

/** Header only: a packet that announces `bodyLength` bytes and sends none of them. */
function header(bodyLength: number): Buffer {
  const whole = packet(bodyLength);
  return whole.subarray(0, whole.length - bodyLength);
}

/** Feed a stream in chunks cut at `cuts`; the last check. */
function feed(stream: Buffer, cuts: readonly number[]): PacketCheck {
  const guard = createPacketSizeGuard(LIMIT);
  let last: PacketCheck = { ok: true };
  let from = 0;
  for (const cut of [...cuts, stream.length]) {
    last = guard.push(stream.subarray(from, cut));
    from = cut;
  }
  return last;
}

/** The check for the stream fed whole, byte by byte, and split at every offset. */
function everySplit(stream: Buffer): PacketCheck[] {
  const bytes = Array.from({ length: stream.length }, (_, i) => i);
  return [feed(stream, []), feed(stream, bytes), ...bytes.map((i) => feed(stream, [i]))];
}

describe("createPacketSizeGuard", () => {
  const accepted: readonly [string, Buffer][] = [
    ["an empty-bodied packet (PINGREQ)", Buffer.from([0xc0, 0x00])],
    ["a packet of exactly the limit", packet(LIMIT)],
    ["a two-byte length (200)", packet(200)],
    ["several packets back to back", Buffer.concat([packet(0, 0xc0), packet(127), packet(128), packet(LIMIT)])],
    ["bodies that contain bytes that look like headers", Buffer.concat([packet(10, 0x30).fill(0xff, 2), packet(5)])],
  ];
  for (const [name, stream] of accepted) {
    it(`accepts ${name}, whole, byte by byte and split anywhere`, () => {
      for (const check of everySplit(stream)) expect(check).toEqual({ ok: true });
    });
  }

  it("refuses a packet announcing limit + 1 bytes before any body byte arrives", () => {
    for (const check of everySplit(Buffer.concat([packet(10), header(LIMIT + 1)]))) {
      expect(check).toEqual({ ok: false, reason: "too_large", length: LIMIT + 1 });
    }
  });

  it("refuses the 256 MB maximum of MQTT after its length bytes", () => {
    const huge = Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]);
    expect(feed(huge, [])).toMatchObject({ ok: false, reason: "too_large" });
  });

  it("refuses a length field with a fifth byte as malformed", () => {
    const guard = createPacketSizeGuard(Number.MAX_SAFE_INTEGER);
    expect(guard.push(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]))).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("keeps refusing after a refusal", () => {
    const guard = createPacketSizeGuard(LIMIT);
    expect(guard.push(header(LIMIT + 1)).ok).toBe(false);
    expect(guard.push(packet(1)).ok).toBe(false);
  });
});
