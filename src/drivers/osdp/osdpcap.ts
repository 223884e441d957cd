/**
 * Optional capture of the bus traffic in SIA's OSDPCAP format, the JSON-lines trace that
 * libosdp-conformance writes and OSDP trace viewers read: one JSON object per packet, with the wall
 * time in seconds and nanoseconds, the direction, the bytes in hex, the trace version and the
 * source. All values are strings, as in the SIA tool's records:
 *
 *   {"timeSec":"1580342115","timeNano":"984691851","io":"output","data":"ff 53 00 08 00 06 60 89 cc","osdpTraceVersion":"1","osdpSource":"gatehouse"}
 *
 * A capture holds raw packets: outside a Secure Channel session a card read is in it in clear, so it
 * is off unless asked for, goes to its own file (owner-only), and never into the log.
 */

import { closeSync, createWriteStream, fchmodSync, fstatSync, openSync, renameSync, type WriteStream } from "node:fs";
import type { Logger } from "../../util/log.js";
import { parseFrame } from "./frame-parser.js";
import type { OsdpTransport } from "./transport.js";

/** OSDPCAP trace format version written. */
export const OSDPCAP_TRACE_VERSION = "1";

/** Direction seen from the control panel: bytes it received, or bytes it sent. */
export type OsdpCapIo = "input" | "output";

/** One OSDPCAP record, as written. */
export interface OsdpCapRecord {
  timeSec: string;
  timeNano: string;
  io: OsdpCapIo;
  data: string;
  osdpTraceVersion: string;
  osdpSource: string;
}

/** Wall time in nanoseconds since the epoch. */
export type WallNanos = () => bigint;

/** The system wall clock, to the microsecond that `performance` gives. */
export const systemWallNanos: WallNanos = () =>
  BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;

/** Bytes as lowercase hex pairs separated by spaces. */
export function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

/** The JSON line (without the newline) of one packet seen at `ns`. */
export function osdpCapLine(io: OsdpCapIo, bytes: Uint8Array, ns: bigint, source: string): string {
  const record: OsdpCapRecord = {
    timeSec: (ns / 1_000_000_000n).toString(),
    timeNano: (ns % 1_000_000_000n).toString().padStart(9, "0"),
    io,
    data: hexBytes(bytes),
    osdpTraceVersion: OSDPCAP_TRACE_VERSION,
    osdpSource: source,
  };
  return JSON.stringify(record);
}

/** Capture settings. */
export interface OsdpCaptureOptions {
  /** The `osdpSource` of every record (default "gatehouse"). */
  source?: string;
  /** Default: the system wall clock. */
  wallNanos?: WallNanos;
  /**
   * A gap in the received bytes longer than this ends an incomplete packet (it is left out), as
   * the bus's inter-character abort does; default 150 ms.
   */
  quietMs?: number;
}

/**
 * Turns the traffic of one bus into OSDPCAP lines. What the panel writes is one packet per write;
 * what it receives is cut into packets as they complete, each stamped with the arrival of its last
 * byte. Noise between packets and packets that fail their check are left out (the counters have
 * them).
 */
export class OsdpCapture {
  private held = new Uint8Array(0);
  private lastInput: bigint | null = null;
  private readonly source: string;
  private readonly wallNanos: WallNanos;
  private readonly quietNs: bigint;

  constructor(
    private readonly sink: (line: string) => void,
    options: OsdpCaptureOptions = {},
  ) {
    this.source = options.source ?? "gatehouse";
    this.wallNanos = options.wallNanos ?? systemWallNanos;
    this.quietNs = BigInt(options.quietMs ?? 150) * 1_000_000n;
  }

  /** One packet the panel sent. */
  output(bytes: Uint8Array): void {
    this.sink(osdpCapLine("output", bytes, this.wallNanos(), this.source));
  }

  /** A chunk the panel received, as the port delivered it. */
  input(chunk: Uint8Array): void {
    const now = this.wallNanos();
    if (this.lastInput !== null && now - this.lastInput > this.quietNs) this.drain(now, true);
    this.lastInput = now;
    const merged = new Uint8Array(this.held.length + chunk.length);
    merged.set(this.held);
    merged.set(chunk, this.held.length);
    this.held = merged;
    this.drain(now, false);
  }

  private drain(now: bigint, silent: boolean): void {
    let at = 0;
    while (at < this.held.length) {
      const r = parseFrame(this.held.subarray(at), { silent });
      if (r.kind === "need_more") break;
      if (r.kind === "frame") this.sink(osdpCapLine("input", this.held.slice(at, at + r.consumed), now, this.source));
      at += r.kind === "skip" ? r.count : r.consumed;
    }
    this.held = this.held.slice(at);
  }
}

/** The transport with everything through it also given to `capture`. */
export function capturing(inner: OsdpTransport, capture: OsdpCapture): OsdpTransport {
  const receivers = new Set<(chunk: Uint8Array) => void>();
  let unsubscribe: (() => void) | null = null;
  return {
    write(bytes) {
      capture.output(bytes);
      inner.write(bytes);
    },
    ...(inner.setBaudRate ? { setBaudRate: (baud: number) => inner.setBaudRate?.(baud) } : {}),
    onData(receive) {
      receivers.add(receive);
      // One subscription below, however many receivers above: each chunk is captured once.
      unsubscribe ??= inner.onData((chunk) => {
        capture.input(chunk);
        for (const r of [...receivers]) r(chunk);
      });
      return () => {
        receivers.delete(receive);
        if (receivers.size === 0) {
          unsubscribe?.();
          unsubscribe = null;
        }
      };
    },
  };
}

/** An OSDPCAP file being appended to. */
export interface OsdpCapFile {
  /** Appends one record line. */
  write(line: string): void;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** The file open for appending, readable by its owner only (an existing file is made so too). */
function openAppend(path: string): { stream: WriteStream; size: number } {
  // Opened here rather than by the stream, so a rotation right after cannot race the stream's open.
  const fd = openSync(path, "a", 0o600);
  try {
    fchmodSync(fd, 0o600);
    return { stream: createWriteStream(path, { fd }), size: fstatSync(fd).size };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/**
 * Appends lines to a file readable by its owner only. Before a line would take it past `maxBytes`
 * the file is renamed to `<path>.1` (replacing the one before) and a new one is begun, so a capture
 * left on holds at most twice the cap. A write error stops the capture with one log line (the path
 * and the error code, without the traffic); the bus goes on.
 */
export function osdpCapFile(path: string, log: Logger, maxBytes = Number.POSITIVE_INFINITY): OsdpCapFile {
  let failed = false;
  const fail = (err: NodeJS.ErrnoException): void => {
    if (!failed) log.warn({ mod: "drivers/osdp/osdpcap", path, code: err.code }, "OSDP capture stopped: cannot write");
    failed = true;
  };
  const open = (): { stream: WriteStream; size: number } | null => {
    try {
      const file = openAppend(path);
      file.stream.on("error", fail);
      return file;
    } catch (err) {
      fail(err as NodeJS.ErrnoException);
      return null;
    }
  };
  let file = open();
  const rotate = (): void => {
    try {
      renameSync(path, `${path}.1`); // the old stream writes on into the renamed file
    } catch (err) {
      return fail(err as NodeJS.ErrnoException);
    }
    file?.stream.end();
    file = open();
  };
  return {
    write(line) {
      const bytes = Buffer.byteLength(line) + 1;
      if (!failed && file !== null && file.size > 0 && file.size + bytes > maxBytes) rotate();
      if (failed || file === null || file.stream.destroyed) return;
      file.stream.write(line + "\n");
      file.size += bytes;
    },
    close: () => new Promise<void>((resolve) => (file === null || file.stream.destroyed ? resolve() : file.stream.end(() => resolve()))),
  };
}
