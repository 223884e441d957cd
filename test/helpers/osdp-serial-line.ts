import type { SerialPort, SerialPortMock } from "serialport";
import { pieces, type DeviceLine, type WirePeer } from "./osdp-wire.js";

/** The device's end of a serial line: what it hears, and how it puts bytes on the line. */
export interface LineEnd {
  listen(hear: (bytes: Uint8Array) => void): void;
  emit(bytes: Uint8Array): void;
}

/**
 * A simulated reader's `DeviceLine` over a serial port, on real time: replies go out after the
 * reader's latency, whole or in chunks `gapMs` apart, as a USB adapter delivers them.
 */
export class SerialLine implements DeviceLine {
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(private readonly end: LineEnd) {}

  attach(peer: WirePeer): void {
    this.end.listen((bytes) => peer.hear(bytes));
  }

  send(bytes: Uint8Array, delayMs: number, chunks = 1, gapMs = 0): void {
    for (const { piece, at } of pieces(bytes, delayMs, chunks, gapMs)) {
      const t = setTimeout(() => {
        this.pending.delete(t);
        this.end.emit(piece);
      }, at);
      this.pending.add(t);
    }
  }

  /** Drops the replies not yet sent. */
  close(): void {
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}

/**
 * The device's end behind an open `SerialPortMock` (the control panel's port): it hears each write
 * the panel makes on the mock binding, and its bytes arrive as data read from the port.
 */
export function mockLineEnd(port: SerialPortMock): LineEnd {
  const binding = port.port;
  if (binding === undefined) throw new Error("the mock port is not open");
  return {
    listen(hear) {
      const write = binding.write.bind(binding);
      binding.write = async (buffer: Buffer) => {
        await write(buffer);
        hear(new Uint8Array(buffer));
      };
    },
    emit: (bytes) => binding.emitData(Buffer.from(bytes)),
  };
}

/** The device's end on its own open port (the far side of a pty pair). */
export function portLineEnd(port: SerialPort): LineEnd {
  return {
    listen: (hear) => void port.on("data", (chunk: Buffer) => hear(new Uint8Array(chunk))),
    emit: (bytes) => void port.write(Buffer.from(bytes)),
  };
}
