import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildFrame, type FrameSpec, type Sequence } from "../../../src/drivers/osdp/frame.js";
import { parseFrame } from "../../../src/drivers/osdp/frame-parser.js";
import { FrameReader, type ReaderResult } from "../../../src/drivers/osdp/frame-reader.js";

/** 10,000 cases per property, from a fixed seed so a failure replays. */
const params = { numRuns: 10_000, seed: 20_261_205 };

/** Any packet the builder accepts: plain, handshake block, or MAC block with made-up MAC bytes. */
const spec: fc.Arbitrary<{ spec: FrameSpec; mac: Uint8Array }> = fc
  .record({
    address: fc.integer({ min: 0, max: 0x7f }),
    reply: fc.boolean(),
    sequence: fc.integer({ min: 0, max: 3 }),
    crc: fc.boolean(),
    block: fc.constantFrom("none", "handshake", "mac"),
    scsType: fc.integer({ min: 0, max: 3 }),
    code: fc.nat(255),
    data: fc.uint8Array({ maxLength: 40 }),
    mark: fc.boolean(),
    mac: fc.uint8Array({ minLength: 4, maxLength: 4 }),
  })
  .map((r) => {
    const blocks = { none: null, handshake: Uint8Array.of(3, 0x11 + r.scsType, r.scsType & 1), mac: Uint8Array.of(2, 0x15 + r.scsType) };
    const scb = blocks[r.block];
    const check = scb !== null || r.crc ? "crc" : "checksum";
    const s: FrameSpec = { ...r, sequence: r.sequence as Sequence, check, scb };
    return { spec: s, mac: r.mac };
  });

function build(s: { spec: FrameSpec; mac: Uint8Array }): Uint8Array {
  const r = buildFrame(s.spec, () => s.mac);
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
}

const mutation = fc.record({ kind: fc.constantFrom("flip", "set", "ins", "del"), pos: fc.nat(), byte: fc.nat(255) });

/** A valid packet with byte-level mutations: bit flips, replaced, inserted and deleted bytes. */
const mutated: fc.Arbitrary<Uint8Array> = fc
  .tuple(spec, fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([s, ops]) => {
    const bytes = [...build(s)];
    for (const o of ops) {
      const at = o.pos % Math.max(1, bytes.length);
      if (o.kind === "flip") bytes[at] = (bytes[at] ?? 0) ^ (1 << o.byte % 8);
      else if (o.kind === "set") bytes[at] = o.byte;
      else if (o.kind === "ins") bytes.splice(at, 0, o.byte);
      else bytes.splice(at, 1);
    }
    return Uint8Array.from(bytes);
  });

/** Garbage: random bytes (0x53 and 0xFF made common) or a mutated packet. */
const garbage = fc.oneof(
  fc.uint8Array({ maxLength: 60 }),
  fc.array(fc.constantFrom(0x53, 0xff, 0x00, 0x04, 0x08), { maxLength: 12 }).map((a) => Uint8Array.from(a)),
  mutated,
);

/** A stream of garbage-then-packet segments, with where each planted packet's SOM is. */
const stream = fc.array(fc.tuple(garbage, spec), { minLength: 1, maxLength: 5 }).map((segments) => {
  const parts: Uint8Array[] = [];
  const planted: { som: number; bytes: Uint8Array }[] = [];
  let at = 0;
  for (const [g, s] of segments) {
    const p = build(s);
    const som = p[0] === 0xff ? 1 : 0;
    planted.push({ som: at + g.length + som, bytes: p.subarray(som) });
    parts.push(g, p);
    at += g.length + p.length;
  }
  return { bytes: Uint8Array.from(parts.flatMap((p) => [...p])), planted };
});

/** Cuts bytes into chunks at random sizes. */
function chunks(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length] ?? 1;
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

/** Independent packet check: the length field, then CRC-16/AUG-CCITT bit by bit or the byte sum. */
function checkValid(p: Uint8Array): boolean {
  const length = (p[2] ?? 0) | ((p[3] ?? 0) << 8);
  if (p[0] !== 0x53 || length !== p.length) return false;
  if (!((p[4] ?? 0) & 0x04)) return p.reduce((a, b) => a + b, 0) % 256 === 0;
  let crc = 0x1d0f;
  for (const byte of p.subarray(0, -2)) {
    for (let bit = 7; bit >= 0; bit--) {
      const top = ((crc >> 15) ^ (byte >> bit)) & 1;
      crc = ((crc << 1) & 0xffff) ^ (top ? 0x1021 : 0);
    }
  }
  return crc === ((p[length - 2] ?? 0) | ((p[length - 1] ?? 0) << 8));
}

/** Where each result's SOM was in the stream, and how many bytes it took. */
function place(results: readonly ReaderResult[]): { result: ReaderResult; start: number; length: number }[] {
  let at = 0;
  return results.map((result) => {
    const length = result.kind === "skip" ? result.count : result.consumed;
    const start = at;
    at += length;
    return { result, start, length };
  });
}

describe("OSDP parser fuzz", () => {
  it("never throws on random bytes, whatever the options", () => {
    const options = fc.record({ maxLength: fc.integer({ min: 8, max: 2000 }), crcOnly: fc.boolean(), silent: fc.boolean() });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), options, (bytes, o) => {
        const r = parseFrame(bytes, o);
        if (r.kind === "skip") expect(r.count).toBeGreaterThan(0);
        if (r.kind === "bad" || r.kind === "frame") expect(r.consumed).toBeGreaterThan(0);
      }),
      params,
    );
  });

  let collisions = 0;
  it("finds every planted packet behind garbage, fed in random chunks", () => {
    const sizes = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(stream, sizes, ({ bytes, planted }, cut) => {
        const reader = new FrameReader();
        const results = chunks(bytes, cut).flatMap((c) => reader.push(c));
        results.push(...reader.expire());
        const placed = place(results);
        // Every byte is accounted for, apart from a lone trailing mark byte.
        const used = placed.reduce((a, p) => a + p.length, 0);
        expect(bytes.length - used).toBe(reader.pending);
        expect(reader.pending).toBeLessThanOrEqual(1);
        for (const p of planted) {
          const found = placed.find((x) => x.result.kind === "frame" && x.start + (x.result.frame.marked ? 1 : 0) === p.som);
          if (found !== undefined) {
            expect(found.start + found.length).toBe(p.som + p.bytes.length);
            continue;
          }
          // Only a genuine packet (its check independently valid) that began earlier may hide it.
          const cover = placed.find((x) => x.result.kind !== "skip" && x.start < p.som && x.start + x.length > p.som);
          if (cover === undefined) throw new Error(`packet at ${p.som} lost`);
          const from = cover.start + (bytes[cover.start] === 0xff ? 1 : 0);
          expect(checkValid(bytes.subarray(from, cover.start + cover.length))).toBe(true);
          collisions++;
        }
      }),
      params,
    );
    // A checksum collision is a 1-in-256 event per plausible header in the garbage: rare, never routine.
    expect(collisions).toBeLessThan(20);
  });
});
