import type { SerialFraming } from "../../catalog/transport-serial.js";
import { ByteBuffer, isText, Results, withByte, type FrameParser, type FrameResult } from "./frame-buffer.js";

/**
 * Framing parsers: cut a serial byte stream into frames, as the catalog model's `framing` says.
 * Pure: bytes and the time they arrived go in, results come out; no timers, no I/O, never a throw.
 * Buffers are bounded by the framing's maximum frame length; an overflow is a bad frame followed by
 * a resync. "Need more", "skip" and "bad" are returned values (as in libosdp `osdp_phy.c`).
 */

type Framing<T extends SerialFraming["type"]> = Extract<SerialFraming, { type: T }>;

const SILENCE = "frame cut by silence";

/** True when a partial frame has waited longer than `staleMs` (null: never stale). */
function isStale(staleMs: number | null, lastAt: number, now: number): boolean {
  return staleMs !== null && now - lastAt > staleMs;
}

/** Lines ended by one of several delimiters; empty lines are dropped. */
class DelimiterParser implements FrameParser {
  private readonly delimiters: Uint8Array[];
  private readonly delimiterBytes: ReadonlySet<number>;
  private readonly longest: number;
  private readonly buf: ByteBuffer;
  /** After an overflow: drop bytes up to the next delimiter. */
  private discarding = false;
  private lastAt = 0;

  constructor(private readonly f: Framing<"delimiter">) {
    // Longest first, so "\r\n" wins over "\r" when both are listed.
    this.delimiters = f.delimiters.map((d) => Uint8Array.from(Buffer.from(d, "latin1"))).sort((a, b) => b.length - a.length);
    this.delimiterBytes = new Set(this.delimiters.flatMap((d) => [...d]));
    this.longest = this.delimiters[0]?.length ?? 1;
    this.buf = new ByteBuffer(f.max_length + this.longest);
  }

  push(bytes: Uint8Array, now: number): FrameResult[] {
    const out = new Results();
    if (bytes.length > 0) {
      if ((this.buf.length > 0 || this.discarding) && isStale(this.f.stale_ms, this.lastAt, now)) {
        if (this.discarding) out.skip(this.buf.take());
        else out.bad(this.buf.take(), SILENCE);
        this.discarding = false;
      }
      this.lastAt = now;
    }
    for (const b of bytes) {
      if (this.f.text_only && !isText(b) && !this.delimiterBytes.has(b)) this.noise(b, out);
      else if (this.discarding) this.discard(b, out);
      else this.take(b, out);
    }
    return out.done(this.buf.length > 0 && !this.discarding);
  }

  /** A byte no text line holds: whatever frame was in progress is broken. */
  private noise(b: number, out: Results): void {
    if (this.buf.length > 0 && !this.discarding) out.bad(withByte(this.buf.take(), b), `noise byte 0x${hex2(b)} in frame`);
    else out.skip([...this.buf.take(), b]);
  }

  /** Resync after an overflow: skip bytes until a delimiter has passed. */
  private discard(b: number, out: Results): void {
    this.buf.add(b);
    if (this.delimiters.some((d) => this.buf.endsWith(d))) {
      out.skip(this.buf.take());
      this.discarding = false;
    } else if (this.buf.length >= this.longest) {
      // Keep only what may still be the start of a delimiter.
      out.skip(this.buf.dropFront(this.buf.length - this.longest + 1));
    }
  }

  private take(b: number, out: Results): void {
    this.buf.add(b);
    const end = this.delimiters.find((d) => this.buf.endsWith(d));
    if (end !== undefined) {
      const frame = this.buf.take(this.buf.length - end.length);
      if (frame.length > this.f.max_length) out.bad(frame, tooLong(this.f.max_length));
      else if (frame.length > 0) out.frame(frame);
      return;
    }
    // Up to longest-1 trailing bytes may be the start of a delimiter; past that the frame is too long.
    if (this.buf.length > this.f.max_length + this.longest - 1) {
      out.bad(this.buf.take(), tooLong(this.f.max_length));
      this.discarding = true;
    }
  }

  poll(): FrameResult[] {
    return [];
  }

  deadline(): number | null {
    return null;
  }

  reset(): void {
    this.buf.clear();
    this.discarding = false;
  }
}

/** Frames between a start byte and an end byte; bytes outside frames are skipped. */
class StartEndParser implements FrameParser {
  private readonly buf: ByteBuffer;
  private inFrame = false;
  private lastAt = 0;

  constructor(private readonly f: Framing<"start_end">) {
    this.buf = new ByteBuffer(f.max_length);
  }

  push(bytes: Uint8Array, now: number): FrameResult[] {
    const out = new Results();
    if (bytes.length > 0) {
      if (this.inFrame && isStale(this.f.stale_ms, this.lastAt, now)) {
        out.bad(this.buf.take(), SILENCE);
        this.inFrame = false;
      }
      this.lastAt = now;
    }
    for (const b of bytes) this.byte(b, out);
    return out.done(this.inFrame);
  }

  private byte(b: number, out: Results): void {
    if (!this.inFrame) {
      if (b === this.f.start) this.inFrame = true;
      else out.skip([b]);
      return;
    }
    if (b === this.f.end) {
      this.inFrame = false;
      if (this.buf.length === 0) out.bad(new Uint8Array(0), "empty frame");
      else out.frame(this.buf.take());
    } else if (b === this.f.start) {
      // A new start byte: the frame in progress lost its end byte; the new one begins here.
      out.bad(this.buf.take(), "start byte inside frame");
    } else if (!this.buf.add(b)) {
      out.bad(withByte(this.buf.take(), b), tooLong(this.f.max_length));
      this.inFrame = false;
    }
  }

  poll(): FrameResult[] {
    return [];
  }

  deadline(): number | null {
    return null;
  }

  reset(): void {
    this.buf.clear();
    this.inFrame = false;
  }
}

/** A frame ends after `gap_ms` of silence. Time comes in with the bytes and with poll(). */
class InterByteTimeoutParser implements FrameParser {
  private readonly buf: ByteBuffer;
  /** After an overflow: drop bytes until the next silence. */
  private discarding = false;
  private lastAt = 0;

  constructor(private readonly f: Framing<"inter_byte_timeout">) {
    this.buf = new ByteBuffer(f.max_length);
  }

  push(bytes: Uint8Array, now: number): FrameResult[] {
    const out = new Results();
    if (bytes.length > 0) {
      this.complete(now, out);
      this.lastAt = now;
    }
    for (const b of bytes) {
      if (this.discarding) out.skip([b]);
      else if (!this.buf.add(b)) {
        out.bad(withByte(this.buf.take(), b), tooLong(this.f.max_length));
        this.discarding = true;
      }
    }
    return out.done(this.buf.length > 0);
  }

  poll(now: number): FrameResult[] {
    const out = new Results();
    this.complete(now, out);
    return out.done(this.buf.length > 0);
  }

  private complete(now: number, out: Results): void {
    if (now - this.lastAt < this.f.gap_ms) return;
    this.discarding = false;
    if (this.buf.length > 0) out.frame(this.buf.take());
  }

  deadline(): number | null {
    return this.buf.length > 0 || this.discarding ? this.lastAt + this.f.gap_ms : null;
  }

  reset(): void {
    this.buf.clear();
    this.discarding = false;
  }
}

/** Frames of exactly `length` bytes; a partial frame left by silence is dropped (resync). */
class FixedLengthParser implements FrameParser {
  private readonly buf: ByteBuffer;
  private lastAt = 0;

  constructor(private readonly f: Framing<"fixed_length">) {
    this.buf = new ByteBuffer(f.length);
  }

  push(bytes: Uint8Array, now: number): FrameResult[] {
    const out = new Results();
    if (bytes.length > 0) {
      if (this.buf.length > 0 && isStale(this.f.stale_ms, this.lastAt, now)) out.bad(this.buf.take(), SILENCE);
      this.lastAt = now;
    }
    for (const b of bytes) {
      this.buf.add(b);
      if (this.buf.length === this.f.length) out.frame(this.buf.take());
    }
    return out.done(this.buf.length > 0);
  }

  poll(): FrameResult[] {
    return [];
  }

  deadline(): number | null {
    return null;
  }

  reset(): void {
    this.buf.clear();
  }
}

function tooLong(max: number): string {
  return `frame longer than ${max} bytes`;
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, "0");
}

/** The parser a catalog model's framing asks for. */
export function createFrameParser(framing: SerialFraming): FrameParser {
  switch (framing.type) {
    case "delimiter":
      return new DelimiterParser(framing);
    case "start_end":
      return new StartEndParser(framing);
    case "inter_byte_timeout":
      return new InterByteTimeoutParser(framing);
    case "fixed_length":
      return new FixedLengthParser(framing);
  }
}
