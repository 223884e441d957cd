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

/**
 * What every parser shares: the bounded buffer, the time the last bytes arrived, the push loop
 * (close what a silence ended, then each byte, then need_more while a frame is held) and the
 * resync after an overflow.
 */
abstract class BufferedParser implements FrameParser {
  protected readonly buf: ByteBuffer;
  /** After an overflow: drop bytes up to the next frame boundary (a delimiter or a silence). */
  protected discarding = false;
  protected lastAt = 0;

  constructor(
    cap: number,
    private readonly maxLength: number,
    private readonly staleMs: number | null,
  ) {
    this.buf = new ByteBuffer(cap);
  }

  push(bytes: Uint8Array, now: number): FrameResult[] {
    const out = new Results();
    if (bytes.length > 0) {
      this.resume(now, out);
      this.lastAt = now;
    }
    for (const b of bytes) this.byte(b, out);
    return out.done(this.holding());
  }

  poll(_now: number): FrameResult[] {
    return [];
  }

  deadline(): number | null {
    return null;
  }

  reset(): void {
    this.buf.clear();
    this.discarding = false;
  }

  /** One received byte. */
  protected abstract byte(b: number, out: Results): void;

  /** Bytes arrive at `now`: a partial frame left stale by silence is bad, a resync ends. */
  protected resume(now: number, out: Results): void {
    if (!this.isStale(now)) return;
    if (this.discarding) out.skip(this.buf.take());
    else if (this.buf.length > 0) out.bad(this.buf.take(), SILENCE);
    this.discarding = false;
  }

  /** True while a partial frame is held, so push() ends with need_more. */
  protected holding(): boolean {
    return this.buf.length > 0 && !this.discarding;
  }

  /** True when a partial frame has waited longer than `staleMs` (null: never stale). */
  protected isStale(now: number): boolean {
    return this.staleMs !== null && now - this.lastAt > this.staleMs;
  }

  /** `frame` is longer than the framing allows: report it bad. */
  protected tooLong(frame: Uint8Array, out: Results): void {
    out.bad(frame, `frame longer than ${this.maxLength} bytes`);
  }

  /** An overflow: report the frame bad and drop bytes until the next frame boundary. */
  protected overflow(frame: Uint8Array, out: Results): void {
    this.tooLong(frame, out);
    this.discarding = true;
  }
}

/** Lines ended by one of several delimiters; empty lines are dropped. */
class DelimiterParser extends BufferedParser {
  private readonly delimiters: Uint8Array[];
  private readonly delimiterBytes: ReadonlySet<number>;
  private readonly longest: number;

  constructor(private readonly f: Framing<"delimiter">) {
    // Longest first, so "\r\n" wins over "\r" when both are listed.
    const delimiters = f.delimiters.map((d) => Uint8Array.from(Buffer.from(d, "latin1"))).sort((a, b) => b.length - a.length);
    const longest = delimiters[0]?.length ?? 1;
    super(f.max_length + longest, f.max_length, f.stale_ms);
    this.delimiters = delimiters;
    this.delimiterBytes = new Set(delimiters.flatMap((d) => [...d]));
    this.longest = longest;
  }

  protected byte(b: number, out: Results): void {
    if (this.f.text_only && !isText(b) && !this.delimiterBytes.has(b)) this.noise(b, out);
    else if (this.discarding) this.discard(b, out);
    else this.take(b, out);
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
      if (frame.length > this.f.max_length) this.tooLong(frame, out);
      else if (frame.length > 0) out.frame(frame);
      return;
    }
    // Up to longest-1 trailing bytes may be the start of a delimiter; past that the frame is too long.
    if (this.buf.length > this.f.max_length + this.longest - 1) this.overflow(this.buf.take(), out);
  }
}

/** Frames between a start byte and an end byte; bytes outside frames are skipped. */
class StartEndParser extends BufferedParser {
  private inFrame = false;

  constructor(private readonly f: Framing<"start_end">) {
    super(f.max_length, f.max_length, f.stale_ms);
  }

  protected byte(b: number, out: Results): void {
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
      // Bytes after an overflow are outside any frame until the next start byte: no discard state.
      this.tooLong(withByte(this.buf.take(), b), out);
      this.inFrame = false;
    }
  }

  /** A frame in progress (even one with no bytes yet after its start byte) is cut by silence. */
  protected override resume(now: number, out: Results): void {
    if (this.inFrame && this.isStale(now)) {
      out.bad(this.buf.take(), SILENCE);
      this.inFrame = false;
    }
  }

  protected override holding(): boolean {
    return this.inFrame;
  }

  override reset(): void {
    super.reset();
    this.inFrame = false;
  }
}

/** A frame ends after `gap_ms` of silence. Time comes in with the bytes and with poll(). */
class InterByteTimeoutParser extends BufferedParser {
  constructor(private readonly f: Framing<"inter_byte_timeout">) {
    super(f.max_length, f.max_length, null);
  }

  protected byte(b: number, out: Results): void {
    if (this.discarding) out.skip([b]);
    else if (!this.buf.add(b)) this.overflow(withByte(this.buf.take(), b), out);
  }

  override poll(now: number): FrameResult[] {
    const out = new Results();
    this.resume(now, out);
    return out.done(this.holding());
  }

  /** A gap of `gap_ms` completes the frame held and ends a resync. */
  protected override resume(now: number, out: Results): void {
    if (now - this.lastAt < this.f.gap_ms) return;
    this.discarding = false;
    if (this.buf.length > 0) out.frame(this.buf.take());
  }

  override deadline(): number | null {
    return this.buf.length > 0 || this.discarding ? this.lastAt + this.f.gap_ms : null;
  }
}

/** Frames of exactly `length` bytes; a partial frame left by silence is dropped (resync). */
class FixedLengthParser extends BufferedParser {
  constructor(private readonly f: Framing<"fixed_length">) {
    super(f.length, f.length, f.stale_ms);
  }

  protected byte(b: number, out: Results): void {
    this.buf.add(b);
    if (this.buf.length === this.f.length) out.frame(this.buf.take());
  }
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
