/**
 * A byte accumulator around the pure packet parser: chunks go in as the serial port delivers them,
 * parse results come out in order. No timers and no I/O: the caller says when the line went quiet.
 */

import { parseFrame, type ParseOptions, type ParseResult } from "./frame-parser.js";

/** Everything the parser reports except "need more", which the reader keeps to itself. */
export type ReaderResult = Exclude<ParseResult, { kind: "need_more" }>;

/** Collects received bytes and cuts them into packets. */
export class FrameReader {
  private buf = new Uint8Array(0);

  constructor(private readonly options: Omit<ParseOptions, "silent"> = {}) {}

  /** Bytes held for a packet not yet complete. */
  get pending(): number {
    return this.buf.length;
  }

  /** Adds received bytes; returns what they completed. */
  push(chunk: Uint8Array): ReaderResult[] {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf);
    merged.set(chunk, this.buf.length);
    this.buf = merged;
    return this.drain(false);
  }

  /**
   * The line has been quiet longer than a packet may pause (a reply timeout, or the ~150 ms
   * buffered-transport abort): a packet still incomplete is reported truncated and the bytes
   * after its SOM are scanned again, so a real packet behind a noise SOM is still found.
   */
  expire(): ReaderResult[] {
    return this.drain(true);
  }

  /** Forgets everything held (after a reconnect). */
  reset(): void {
    this.buf = new Uint8Array(0);
  }

  private drain(silent: boolean): ReaderResult[] {
    const out: ReaderResult[] = [];
    const options: ParseOptions = { ...this.options, silent };
    let at = 0;
    for (;;) {
      const r = parseFrame(this.buf.subarray(at), options);
      if (r.kind === "need_more") break;
      out.push(r);
      at += r.kind === "skip" ? r.count : r.consumed;
      if (at >= this.buf.length) break;
    }
    // The parser asks for more only while one packet no longer than maxLength is incomplete, so
    // what stays held is bounded by it.
    this.buf = this.buf.slice(at);
    return out;
  }
}
