import type { OsdpTransport } from "../../src/drivers/osdp/transport.js";
import type { ManualTimers } from "./manual-timers.js";

/** A device on the simulated bus: hears every byte the control panel writes. */
export interface WirePeer {
  hear(bytes: Uint8Array): void;
}

/** What a simulated device needs from the line it sits on: a `SimWire`, or a serial port (`osdp-serial-line.ts`). */
export interface DeviceLine {
  /** Lets the device hear what the control panel writes. */
  attach(peer: WirePeer): void;
  send(bytes: Uint8Array, delayMs: number, chunks?: number, gapMs?: number): void;
}

/**
 * A simulated RS-485 bus on a manual clock: what the control panel writes reaches every peer at
 * once; what a peer sends reaches the control panel after a delay, whole or in chunks.
 */
export class SimWire implements OsdpTransport, DeviceLine {
  private receiver: ((chunk: Uint8Array) => void) | null = null;
  private readonly peers: WirePeer[] = [];
  /** Every packet the control panel wrote, with the time it went out. */
  readonly written: { at: number; bytes: Uint8Array }[] = [];
  /** The rate the control panel set (a simulated bus carries bytes at any rate). */
  baudRate = 9600;

  constructor(private readonly timers: ManualTimers) {}

  attach(peer: WirePeer): void {
    this.peers.push(peer);
  }

  write(bytes: Uint8Array): void {
    this.written.push({ at: this.timers.now(), bytes: bytes.slice() });
    for (const p of this.peers) p.hear(bytes.slice());
  }

  setBaudRate(baud: number): void {
    this.baudRate = baud;
  }

  onData(receive: (chunk: Uint8Array) => void): () => void {
    this.receiver = receive;
    return () => {
      if (this.receiver === receive) this.receiver = null;
    };
  }

  send(bytes: Uint8Array, delayMs: number, chunks = 1, gapMs = 0): void {
    for (const { piece, at } of pieces(bytes, delayMs, chunks, gapMs)) {
      this.timers.setTimeout(() => this.receiver?.(piece), at);
    }
  }
}

/** Cuts bytes into `chunks` nearly equal pieces, the first after `delayMs`, then one every `gapMs`. */
export function pieces(bytes: Uint8Array, delayMs: number, chunks = 1, gapMs = 0): { piece: Uint8Array; at: number }[] {
  const size = Math.ceil(bytes.length / chunks);
  const out: { piece: Uint8Array; at: number }[] = [];
  for (let i = 0; i < chunks; i++) {
    const piece = bytes.slice(i * size, (i + 1) * size);
    if (piece.length > 0) out.push({ piece, at: delayMs + i * gapMs });
  }
  return out;
}
