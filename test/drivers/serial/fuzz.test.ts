import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SerialFraming } from "../../../src/catalog/transport-serial.js";
import { decodeBits } from "../../../src/core/badge.js";
import type { Input } from "../../../src/core/inputs.js";
import type { FrameResult } from "../../../src/drivers/serial/frame-buffer.js";
import { createFrameParser } from "../../../src/drivers/serial/framing.js";
import { catalogModel, pipeline } from "../../helpers/serial-harness.js";

/** 10,000 cases per property, from a fixed seed so a failure replays. */
const RUNS = 10_000;
const SEED = 20_261_123;
const params = { numRuns: RUNS, seed: SEED };

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString("latin1");

/** A golden line with a few byte-level mutations: bit flips, replaced, inserted and deleted bytes. */
function mutated(lines: readonly string[]): fc.Arbitrary<Uint8Array> {
  const op = fc.record({ kind: fc.constantFrom("flip", "set", "ins", "del"), pos: fc.nat(), byte: fc.nat(255) });
  return fc.tuple(fc.constantFrom(...lines), fc.array(op, { minLength: 1, maxLength: 4 })).map(([line, ops]) => {
    const bytes = [...Buffer.from(line, "latin1")];
    for (const o of ops) {
      const at = bytes.length === 0 ? 0 : o.pos % bytes.length;
      if (o.kind === "flip") bytes[at] = (bytes[at] ?? 0) ^ (1 << o.byte % 8);
      else if (o.kind === "set") bytes[at] = o.byte;
      else if (o.kind === "ins") bytes.splice(at, 0, o.byte);
      else bytes.splice(at, 1);
    }
    return Uint8Array.from(bytes);
  });
}

/** Random bytes or mutated golden lines, several of them, cut into chunks at random places. */
function garbage(lines: readonly string[]): fc.Arbitrary<Uint8Array[]> {
  const piece = fc.oneof(fc.uint8Array({ maxLength: 120 }), mutated(lines));
  return fc.array(piece, { minLength: 1, maxLength: 6 });
}

/** The wire form of a Wiegand converter line, decoded independently of the gateway's code. */
function wiegandOracle(text: string): string | null {
  const m = /^([0-9]{1,3}):(?:0[xX])?([0-9A-Fa-f]{1,64})$/.exec(text);
  if (m === null) return null;
  const count = Number(m[1]);
  const binary = BigInt(`0x${m[2]}`).toString(2);
  if (count < 1 || count > 256 || binary.length > count) return null;
  return binary.padStart(count, "0");
}

/** Checks that a frame's badge inputs are exactly what its text says: no invented bits or digits. */
function checkBadges(model: string, frame: Uint8Array, inputs: readonly Input[]): void {
  const text = latin1(frame);
  for (const input of inputs) {
    if (input.kind !== "badge") continue;
    if (input.read.kind === "bits") {
      expect(model).toBe("generic/wiegand-serial-text");
      expect(input.read.bits).toBe(wiegandOracle(text));
      const decoded = decodeBits(input.read.bits);
      if (decoded.format !== "raw") expect(decoded.parityOk).toBe(true);
    } else {
      expect(text).toMatch(new RegExp(`^[ \\r\\n]*${input.read.digits}[ \\r\\n]*$`));
    }
  }
}

/** Per shipped model: golden lines to mutate, a stateless probe line, and the bytes that resync before it. */
const MODELS: { model: string; lines: string[]; probe: string; sync: string }[] = [
  {
    model: "generic/wiegand-serial-text",
    lines: ["26:2F764DD\r\n", "35:27D202710\r\n", "37:11092927C3\r\n", "26:2020002\n"],
    probe: "26:2F764DD\r\n",
    sync: "\r\n",
  },
  { model: "generic/ascii-card-reader", lines: ["0004512345\r\n", "  12345678\r\n"], probe: "0004512345\r\n", sync: "\r\n" },
  { model: "generic/ascii-card-reader-stx", lines: ["\x020004512345\r\n\x03", "\x0212345678\x03"], probe: "\x0212345678\x03", sync: "" },
  {
    model: "generic/wireless-panic-receiver",
    lines: ["ALARM 12\r\n", "RESTORE 12\r\n", "CHECKIN 12\r\n", "TROUBLE 7 LOWBATT\r\n"],
    probe: "TROUBLE 7 LOWBATT\r\n",
    sync: "\r\n",
  },
  {
    model: "generic/wtmd-serial-text",
    lines: ["ALARM Z03,04 P000122 A000045\r\n", "PASS P000121 A000044\r\n", "CNT P000120 A000044\r\n", "ERR 05 TX COIL\r\n"],
    probe: "ALARM Z03,04 P000122 A000045\r\n",
    sync: "\r\n",
  },
];

describe("fuzz: shipped serial models never throw, never invent a badge, and resync", () => {
  for (const { model, lines, probe, sync } of MODELS) {
    it(`${model}: ${RUNS} random and mutated frames, then a valid frame`, () => {
      const m = catalogModel(model);
      const fresh = pipeline(m, "dev");
      fresh.push(Buffer.from(probe, "latin1"), 0);
      const want = fresh.out.inputs;
      expect(want.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(garbage(lines), (chunks) => {
          const p = pipeline(m, "dev");
          for (const c of chunks) p.push(c, 0);
          p.push(Buffer.from(sync + probe, "latin1"), 0);
          for (const f of p.out.frames) checkBadges(model, f.bytes, f.inputs);
          expect(p.out.frames.at(-1)?.inputs).toEqual(want);
        }),
        params,
      );
    });
  }

  it("every one-character change of a 26-bit converter line either fails or reads exactly what it says", () => {
    const m = catalogModel("generic/wiegand-serial-text");
    const golden = "26:2F764DD";
    const outcomes = { rejected: 0, accepted: 0 };
    for (let at = 0; at < golden.length; at++) {
      for (let c = 0x20; c < 0x7f; c++) {
        const line = `${golden.slice(0, at)}${String.fromCharCode(c)}${golden.slice(at + 1)}`;
        const p = pipeline(m, "dev");
        p.push(Buffer.from(`${line}\r\n`, "latin1"), 0);
        for (const f of p.out.frames) checkBadges(m.model, f.bytes, f.inputs);
        if (p.out.inputs.length === 0) outcomes.rejected++;
        else outcomes.accepted++;
      }
    }
    // Both branches are exercised: some changes still form a valid read, most fail pattern, width or parity.
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.rejected).toBeGreaterThan(outcomes.accepted);
  });
});

/** Per framing: a small-bounded config, and how a valid payload is put on the wire. */
const FRAMINGS: { name: string; framing: unknown; max: number; wire: (payload: string) => string }[] = [
  { name: "delimiter", framing: { type: "delimiter", max_length: 32, stale_ms: 100 }, max: 32, wire: (p) => `${p}\r\n` },
  { name: "start_end", framing: { type: "start_end", max_length: 32, stale_ms: 100 }, max: 32, wire: (p) => `\x02${p}\x03` },
  { name: "inter_byte_timeout", framing: { type: "inter_byte_timeout", gap_ms: 50, max_length: 32 }, max: 32, wire: (p) => p },
  { name: "fixed_length", framing: { type: "fixed_length", length: 10, stale_ms: 100 }, max: 10, wire: (p) => p },
];

describe("fuzz: framing parsers", () => {
  const chunk = fc.record({ bytes: fc.uint8Array({ maxLength: 80 }), after: fc.nat(200) });

  for (const { name, framing, max, wire } of FRAMINGS) {
    it(`${name}: ${RUNS} random chunk streams stay bounded, and a frame after silence decodes`, () => {
      const payload = "26:2F764DD";
      fc.assert(
        fc.property(fc.array(chunk, { maxLength: 8 }), (chunks) => {
          const parser = createFrameParser(SerialFraming.parse(framing));
          const out: FrameResult[][] = [];
          let now = 0;
          for (const c of chunks) {
            now += c.after;
            out.push(parser.push(c.bytes, now), parser.poll(now));
          }
          now += 5000;
          out.push(parser.push(Buffer.from(wire(payload), "latin1"), now), parser.poll(now + 5000));
          for (const results of out) {
            results.forEach((r, i) => {
              if (r.kind === "need_more") expect(i).toBe(results.length - 1);
              if (r.kind === "frame") expect(r.bytes.length).toBeLessThanOrEqual(max);
            });
          }
          const frames = out.flat().filter((r) => r.kind === "frame");
          expect(latin1((frames.at(-1) as { bytes: Uint8Array }).bytes)).toBe(payload);
        }),
        params,
      );
    });
  }
});
