import { SerialPortMock, type SerialPort } from "serialport";
import type { PortFactory } from "../../src/drivers/serial/connection.js";
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
 * Mock ports for the control panel, with the device's end behind them: it hears each write the
 * panel makes on the mock binding, and its bytes arrive as data read from the port. The end follows
 * the panel to each port object it opens, so it survives an unplug and a reopen.
 */
export function mockDevicePorts(): { factory: PortFactory; made: SerialPortMock[]; end: LineEnd } {
  const made: SerialPortMock[] = [];
  const hearers: ((bytes: Uint8Array) => void)[] = [];
  let current: SerialPortMock | null = null;
  const factory: PortFactory = (settings) => {
    const port = new SerialPortMock({ ...settings, autoOpen: false });
    made.push(port);
    port.once("open", () => {
      const binding = port.port;
      if (binding === undefined) return;
      const write = binding.write.bind(binding);
      binding.write = async (buffer: Buffer) => {
        await write(buffer);
        for (const hear of hearers) hear(new Uint8Array(buffer));
      };
      current = port;
    });
    return port;
  };
  const end: LineEnd = {
    listen: (hear) => void hearers.push(hear),
    emit: (bytes) => {
      if (current?.isOpen) current.port?.emitData(Buffer.from(bytes));
    },
  };
  return { factory, made, end };
}

/** The device's end on its own open port (the far side of a pty pair). */
export function portLineEnd(port: SerialPort): LineEnd {
  return {
    listen: (hear) => void port.on("data", (chunk: Buffer) => hear(new Uint8Array(chunk))),
    emit: (bytes) => void port.write(Buffer.from(bytes)),
  };
}
