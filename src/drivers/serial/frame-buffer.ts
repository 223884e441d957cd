/**
 * The vocabulary of the framing parsers: their results, their interface, and the small bounded
 * buffers they share. Pure: no timers, no I/O.
 */

/** What a parser made of the bytes it was fed. */
export type FrameResult =
  /** A complete frame, without its delimiter or start/end bytes. */
  | { readonly kind: "frame"; readonly bytes: Uint8Array }
  /** A partial frame is held: more bytes are needed (always the last result when present). */
  | { readonly kind: "need_more" }
  /** Bytes outside any frame (line noise, bytes before a start byte), dropped. */
  | { readonly kind: "skip"; readonly bytes: Uint8Array }
  /** A frame that broke a rule (too long, noise inside, cut by silence), dropped. */
  | { readonly kind: "bad"; readonly bytes: Uint8Array; readonly reason: string };

/** A stateful frame cutter: fed bytes, it never throws and never holds more than its cap. */
export interface FrameParser {
  /** Feed bytes received at `now` (ms); returns what they completed, in order. */
  push(bytes: Uint8Array, now: number): FrameResult[];
  /** Time passes without bytes: frames that the silence completes (inter-byte timeout framing). */
  poll(now: number): FrameResult[];
  /** When poll() may next produce something, or null when nothing waits on time. */
  deadline(): number | null;
  /** Forget any partial frame (after a reconnect). */
  reset(): void;
}

/** Lower-case hex of bytes, for logs. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Printable ASCII and tab: what a text line may hold. */
export function isText(b: number): boolean {
  return (b >= 0x20 && b <= 0x7e) || b === 0x09;
}

/** A byte buffer with a hard cap, reused between frames. */
export class ByteBuffer {
  private readonly data: Uint8Array;
  private size = 0;

  constructor(readonly cap: number) {
    this.data = new Uint8Array(cap);
  }

  /** Bytes held. */
  get length(): number {
    return this.size;
  }

  /** Appends a byte; false (and nothing stored) when the buffer is full. */
  add(b: number): boolean {
    if (this.size >= this.cap) return false;
    this.data[this.size++] = b;
    return true;
  }

  /** A copy of the first `n` bytes (all by default); the buffer is emptied. */
  take(n = this.size): Uint8Array {
    const out = this.data.slice(0, Math.min(n, this.size));
    this.size = 0;
    return out;
  }

  /** Removes and returns the first `n` bytes, keeping the rest. */
  dropFront(n: number): Uint8Array {
    const k = Math.min(n, this.size);
    const out = this.data.slice(0, k);
    this.data.copyWithin(0, k, this.size);
    this.size -= k;
    return out;
  }

  /** Forget every held byte. */
  clear(): void {
    this.size = 0;
  }

  /** True when the held bytes end with `seq`. */
  endsWith(seq: Uint8Array): boolean {
    if (seq.length > this.size) return false;
    const from = this.size - seq.length;
    for (let i = 0; i < seq.length; i++) if (this.data[from + i] !== seq[i]) return false;
    return true;
  }
}

/** Collects one push's results, merging consecutive skipped bytes into one skip. */
export class Results {
  private readonly list: FrameResult[] = [];
  private skipped: number[] = [];

  /** Bytes dropped outside any frame. */
  skip(bytes: Iterable<number>): void {
    for (const b of bytes) this.skipped.push(b);
  }

  /** A complete frame. */
  frame(bytes: Uint8Array): void {
    this.add({ kind: "frame", bytes });
  }

  /** A frame that broke a rule. */
  bad(bytes: Uint8Array, reason: string): void {
    this.add({ kind: "bad", bytes, reason });
  }

  /** The results, ending with need_more when the parser holds a partial frame. */
  done(holding: boolean): FrameResult[] {
    this.flushSkip();
    if (holding) this.list.push({ kind: "need_more" });
    return this.list;
  }

  private add(r: FrameResult): void {
    this.flushSkip();
    this.list.push(r);
  }

  private flushSkip(): void {
    if (this.skipped.length === 0) return;
    this.list.push({ kind: "skip", bytes: Uint8Array.from(this.skipped) });
    this.skipped = [];
  }
}

/** `bytes` followed by one more byte. */
export function withByte(bytes: Uint8Array, b: number): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = b;
  return out;
}
