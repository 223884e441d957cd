/**
 * The control panel's transport on a real serial port (an RS-485 adapter): the self-healing
 * `SerialConnection` of the serial drivers, set to OSDP's 8 data bits, no parity, one stop bit.
 * Reconnecting, backoff and unplug detection are the connection's; the bus above notices a lost
 * port as missed replies and takes its readers offline and back by itself.
 */

import type { Logger } from "../../util/log.js";
import { GatewayError } from "../../util/errors.js";
import {
  SerialConnection,
  type LinkState,
  type PortSettings,
  type SerialConnectionTuning,
} from "../serial/connection.js";
import type { OsdpTransport } from "./transport.js";

/** Where the bus is and how to reach it; the binding and timers are injectable for tests. */
export interface OsdpSerialOptions extends SerialConnectionTuning {
  /** A stable path such as /dev/serial/by-id/usb-…. */
  readonly path: string;
  /** OSDP 2.2 §5: 9600 by default on a new device; 19,200–115,200 are common after osdp_COMSET. */
  readonly baudRate: number;
  readonly log: Logger;
  /** The port opened (first time, or again after a loss). */
  readonly onOnline?: () => void;
  /** The port could not open or was lost; reported once per loss. */
  readonly onOffline?: (reason: string) => void;
}

/** OSDP 2.2 §5: 8 data bits, no parity, 1 stop bit, no flow control (RS-485 half duplex). */
export function osdpPortSettings(path: string, baudRate: number): PortSettings {
  return { path, baudRate, dataBits: 8, parity: "none", stopBits: 1, rtscts: false };
}

/** An `OsdpTransport` over a serial port that reopens itself after a loss. */
export class OsdpSerialTransport implements OsdpTransport {
  private readonly receivers = new Set<(chunk: Uint8Array) => void>();
  private readonly connection: SerialConnection;
  private readonly log: Logger;

  constructor(options: OsdpSerialOptions) {
    const { path, baudRate, log, onOnline, onOffline, ...tuning } = options;
    this.log = log.child({ mod: "drivers/osdp/serial" });
    this.connection = new SerialConnection({
      ...tuning,
      settings: osdpPortSettings(path, baudRate),
      log: this.log,
      onData: (chunk) => this.deliver(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)),
      onOnline: () => onOnline?.(),
      onOffline: (reason) => onOffline?.(reason),
    });
  }

  /** The connection's state (`open` once the port is usable). */
  get state(): LinkState {
    return this.connection.state;
  }

  /** Opens the port; resolves after the first attempt, whether it opened or will be retried. */
  start(): Promise<void> {
    return this.connection.start();
  }

  /** Closes the port for good and waits until it is released. */
  stop(): Promise<void> {
    return this.connection.stop();
  }

  /**
   * Sends one packet. A write on a closed port or one that fails is dropped: the bus counts the
   * missing reply like any other and retries. The log line never carries the bytes.
   */
  write(bytes: Uint8Array): void {
    this.connection.write(bytes).catch((err: unknown) => {
      const code = err instanceof GatewayError ? err.code : "PORT_WRITE";
      if (code === "PORT_CLOSED") this.log.debug({ code, length: bytes.length }, "OSDP packet dropped, port not open");
      else this.log.warn({ code, length: bytes.length }, "OSDP write failed");
    });
  }

  /** OSDP 2.2 §6 osdp_COMSET: the bus goes on at the rate the reader confirmed. */
  setBaudRate(baud: number): void {
    this.log.warn({ baudRate: baud }, "OSDP bus rate changed");
    this.connection.setBaudRate(baud);
  }

  onData(receive: (chunk: Uint8Array) => void): () => void {
    this.receivers.add(receive);
    return () => {
      this.receivers.delete(receive);
    };
  }

  private deliver(chunk: Uint8Array): void {
    for (const r of [...this.receivers]) r(chunk);
  }
}
