import { describe, expect, it } from "vitest";
import { SerialFraming } from "../../../src/catalog/transport-serial.js";
import type { FrameParser, FrameResult } from "../../../src/drivers/serial/frame-buffer.js";
import { createFrameParser } from "../../../src/drivers/serial/framing.js";

/** One byte of a stream and the time it arrives. */
interface Timed {
  b: number;
  at: number;
}

function timed(text: string, at: number): Timed[] {
  return [...Buffer.from(text, "latin1")].map((b) => ({ b, at }));
}

/** Feed a timed stream in chunks (a new chunk where the time changes or at a cut), then let time pass. */
function feed(parser: FrameParser, stream: readonly Timed[], cuts: ReadonlySet<number> = new Set()): FrameResult[] {
  const out: FrameResult[] = [];
  let chunk: number[] = [];
  let at = stream[0]?.at ?? 0;
  const flush = (): void => {
    if (chunk.length > 0) out.push(...parser.push(Uint8Array.from(chunk), at));
    chunk = [];
  };
  stream.forEach((x, i) => {
    if (x.at !== at || cuts.has(i)) flush();
    at = x.at;
    chunk.push(x.b);
  });
  flush();
  out.push(...parser.poll(at + 60_000));
  return out;
}

const text = (r: FrameResult): string => ("bytes" in r ? Buffer.from(r.bytes).toString("latin1") : "");
const frames = (rs: readonly FrameResult[]): string[] => rs.filter((r) => r.kind === "frame").map(text);
const kinds = (rs: readonly FrameResult[]): string[] => rs.map((r) => r.kind);

/** A framing, a stream of golden frames, the frames it holds, and noise that must not hide them. */
interface Golden {
  name: string;
  framing: unknown;
  stream: Timed[];
  frames: string[];
  noise: Timed[];
  /** Frames the noise itself makes: to a timeout framing, noise then silence is a frame (the decoder rejects it). */
  noiseFrames?: string[];
}

const GOLDEN: Golden[] = [
  {
    name: "delimiter CR/LF",
    framing: { type: "delimiter" },
    stream: timed("26:2F764DD\r\n35:27D202710\n37:11092927C3\r", 0),
    frames: ["26:2F764DD", "35:27D202710", "37:11092927C3"],
    noise: timed("\x00\xff\x1b\x80\x7f", 0),
  },
  {
    name: "delimiter CRLF only",
    framing: { type: "delimiter", delimiters: ["\r\n"] },
    stream: timed("ALARM Z03,04\r\nPASS P000121\r\n", 0),
    frames: ["ALARM Z03,04", "PASS P000121"],
    noise: timed("\xfe\x00", 0),
  },
  {
    name: "STX/ETX",
    framing: { type: "start_end" },
    stream: timed("\x020004512345\r\n\x03\x0212345678\x03", 0),
    frames: ["0004512345\r\n", "12345678"],
    noise: timed("junk\xff\x03\x00", 0),
  },
  {
    name: "fixed length",
    framing: { type: "fixed_length", length: 5 },
    stream: timed("ABCDEVWXYZ", 10_000),
    frames: ["ABCDE", "VWXYZ"],
    noise: timed("NOI", 0),
  },
  {
    name: "inter-byte timeout",
    framing: { type: "inter_byte_timeout", gap_ms: 50 },
    stream: [...timed("26:2F764DD", 10_000), ...timed("W26 0x2020002", 10_200)],
    frames: ["26:2F764DD", "W26 0x2020002"],
    noise: timed("\x00\xffnoise", 0),
    noiseFrames: ["\x00\xffnoise"],
  },
];

describe("framing parsers: golden frames", () => {
  for (const g of GOLDEN) {
    const make = (): FrameParser => createFrameParser(SerialFraming.parse(g.framing));

    it(`${g.name}: whole, one chunk per arrival time`, () => {
      const out = feed(make(), g.stream);
      expect(frames(out)).toEqual(g.frames);
      expect(kinds(out).filter((k) => k === "bad" || k === "skip")).toEqual([]);
    });

    it(`${g.name}: byte by byte`, () => {
      const out = feed(make(), g.stream, new Set(g.stream.map((_, i) => i)));
      expect(frames(out)).toEqual(g.frames);
    });

    it(`${g.name}: split in two at every offset`, () => {
      for (let k = 1; k < g.stream.length; k++) {
        expect(frames(feed(make(), g.stream, new Set([k]))), `cut at ${k}`).toEqual(g.frames);
      }
    });

    it(`${g.name}: after noise`, () => {
      const out = feed(make(), [...g.noise, ...g.stream]);
      expect(frames(out)).toEqual([...(g.noiseFrames ?? []), ...g.frames]);
      if (g.noiseFrames === undefined) expect(out.some((r) => r.kind === "skip" || r.kind === "bad")).toBe(true);
    });
  }
});

describe("delimiter framing", () => {
  const parser = (extra: object = {}): FrameParser =>
    createFrameParser(SerialFraming.parse({ type: "delimiter", max_length: 16, ...extra }));

  it("ends with need_more while a partial line is held, and drops empty lines", () => {
    const p = parser();
    expect(p.push(Buffer.from("26:2F7"), 0)).toEqual([{ kind: "need_more" }]);
    expect(kinds(p.push(Buffer.from("64DD\r\n\r\n"), 1))).toEqual(["frame"]);
  });

  it("a line of exactly max_length is a frame; one byte more is bad, and the next line still decodes", () => {
    const p = parser();
    expect(frames(p.push(Buffer.from(`${"A".repeat(16)}\n`), 0))).toEqual(["A".repeat(16)]);
    const out = p.push(Buffer.from(`${"B".repeat(17)}\nOK\n`), 1);
    expect(out.filter((r) => r.kind === "bad").map((r) => (r.kind === "bad" ? r.reason : ""))).toEqual([
      "frame longer than 16 bytes",
    ]);
    expect(frames(out)).toEqual(["OK"]);
  });

  it("stays bounded under a megabyte without a delimiter, then resyncs on the next line end", () => {
    const p = parser();
    const out = p.push(Buffer.alloc(1_000_000, 0x41), 0);
    expect(out.filter((r) => r.kind === "bad")).toHaveLength(1);
    expect(Math.max(...out.map((r) => ("bytes" in r ? r.bytes.length : 0)))).toBeLessThan(1_000_000);
    expect(frames(p.push(Buffer.from("\nPASS\n"), 1))).toEqual(["PASS"]);
  });

  it("a noise byte inside a line makes that line bad, not the next", () => {
    const p = parser();
    const out = p.push(Buffer.from("26:2F\x0076\r\n26:2020002\r\n"), 0);
    expect(out[0]).toMatchObject({ kind: "bad", reason: "noise byte 0x00 in frame" });
    expect(text(out[0] as FrameResult)).toBe("26:2F\x00");
    expect(frames(out)).toEqual(["76", "26:2020002"]);
  });

  it("a partial line left by silence is dropped before the next bytes (stale_ms)", () => {
    const p = parser({ stale_ms: 500 });
    p.push(Buffer.from("26:2F7"), 0);
    const out = p.push(Buffer.from("26:2020002\n"), 501);
    expect(out[0]).toMatchObject({ kind: "bad", reason: "frame cut by silence" });
    expect(frames(out)).toEqual(["26:2020002"]);
  });

  it("keeps binary bytes when text_only is off", () => {
    const p = parser({ text_only: false, delimiters: ["\x03"] });
    expect(frames(p.push(Buffer.from("\x00\xff\x7f\x03", "latin1"), 0))).toEqual(["\x00\xff\x7f"]);
  });

  it("reset forgets the partial line", () => {
    const p = parser();
    p.push(Buffer.from("26:2F7"), 0);
    p.reset();
    expect(frames(p.push(Buffer.from("PASS\n"), 1))).toEqual(["PASS"]);
  });
});

describe("start/end framing", () => {
  const parser = (): FrameParser => createFrameParser(SerialFraming.parse({ type: "start_end", max_length: 8 }));

  it("a start byte inside a frame makes it bad and begins the next frame", () => {
    const out = parser().push(Buffer.from("\x02123\x0299\x03"), 0);
    expect(out).toEqual([
      { kind: "bad", bytes: Uint8Array.from(Buffer.from("123")), reason: "start byte inside frame" },
      { kind: "frame", bytes: Uint8Array.from(Buffer.from("99")) },
    ]);
  });

  it("an empty frame is bad; an overflow is bad and bytes are skipped to the next start", () => {
    const p = parser();
    expect(p.push(Buffer.from("\x02\x03"), 0)[0]).toMatchObject({ kind: "bad", reason: "empty frame" });
    const out = p.push(Buffer.from("\x02123456789ABC\x03\x0242\x03"), 1);
    expect(kinds(out)).toEqual(["bad", "skip", "frame"]);
    expect(frames(out)).toEqual(["42"]);
  });

  it("reports need_more inside a frame only", () => {
    const p = parser();
    expect(p.push(Buffer.from("zz"), 0)).toEqual([{ kind: "skip", bytes: Uint8Array.from(Buffer.from("zz")) }]);
    expect(kinds(p.push(Buffer.from("\x021"), 1))).toEqual(["need_more"]);
  });
});

describe("inter-byte timeout framing", () => {
  const parser = (): FrameParser =>
    createFrameParser(SerialFraming.parse({ type: "inter_byte_timeout", gap_ms: 50, max_length: 8 }));

  it("asks to be polled gap_ms after the last byte and completes the frame then, not before", () => {
    const p = parser();
    expect(p.deadline()).toBeNull();
    p.push(Buffer.from("26:"), 1000);
    p.push(Buffer.from("2F7"), 1020);
    expect(p.deadline()).toBe(1070);
    expect(p.poll(1069)).toEqual([{ kind: "need_more" }]);
    expect(frames(p.poll(1070))).toEqual(["26:2F7"]);
    expect(p.deadline()).toBeNull();
  });

  it("an overflow is one bad frame; the rest until silence is skipped; the next frame decodes", () => {
    const p = parser();
    const out = p.push(Buffer.from("0123456789ABCDEF"), 0);
    expect(kinds(out)).toEqual(["bad", "skip"]);
    expect(frames([...p.poll(50), ...p.push(Buffer.from("OK"), 60), ...p.poll(110)])).toEqual(["OK"]);
  });
});

describe("fixed-length framing", () => {
  it("drops a partial frame left by silence and realigns", () => {
    const p = createFrameParser(SerialFraming.parse({ type: "fixed_length", length: 4, stale_ms: 100 }));
    expect(frames(p.push(Buffer.from("ABCDEF"), 0))).toEqual(["ABCD"]);
    const out = p.push(Buffer.from("WXYZ"), 200);
    expect(out[0]).toMatchObject({ kind: "bad", reason: "frame cut by silence" });
    expect(frames(out)).toEqual(["WXYZ"]);
  });
});
