/**
 * What the control panel needs from the world: a byte transport (the RS-485 port, a mock port, a
 * pty, or a simulated bus in tests) and a steady clock with timers. Both are injected, so a test
 * moves time by hand and no serial port is opened here.
 */

/** A half-duplex byte link shared by every reader on one bus. */
export interface OsdpTransport {
  /** Sends bytes as one write; the link may deliver them to the peer in any chunking. */
  write(bytes: Uint8Array): void;
  /** Registers the receiver of incoming chunks; returns the function that unregisters it. */
  onData(receive: (chunk: Uint8Array) => void): () => void;
  /** Switches the link to another rate (after osdp_COMSET); absent where the link cannot. */
  setBaudRate?(baud: number): void;
}

/** A steady millisecond clock with one-shot timers (`TimerApi` of the runtime fits it). */
export interface OsdpTimers {
  /** Steady time in ms: deadlines only, never shown as wall time. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** One re-armable timer over `OsdpTimers`: arming again replaces the previous deadline. */
export class OneTimer {
  private handle: unknown = null;

  constructor(private readonly timers: OsdpTimers) {}

  /** Calls `fn` after `ms`, cancelling whatever was armed before. */
  arm(ms: number, fn: () => void): void {
    this.cancel();
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      fn();
    }, Math.max(0, ms));
  }

  cancel(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }
}
