import { GatewayError } from "../../util/errors.js";
import type { Logger } from "../../util/log.js";
import type { TimerApi } from "../../time/timers.js";
import type { BackoffPolicy } from "../../util/backoff.js";
import { Reconnector, type ReconnectState, type ReconnectTransition } from "../../util/reconnect.js";
import { PortReleases } from "./port-release.js";
import { PRESENCE_MS, type PresenceProbe } from "./presence.js";

/**
 * A serial port that stays open: node-serialport does not reconnect, so this does. On an open
 * failure, an error, a close or an unplug it reports offline, releases the old port object (closes
 * it, removes its listeners, destroys the stream: no file descriptor is left behind) and retries with
 * capped exponential backoff and jitter; when the port opens again it reports online. The port
 * factory is injected (ports on the gateway's binding; `SerialPortMock` in tests), as are the timers.
 */

/** Port settings from the catalog model (and the site's baud override). */
export interface PortSettings {
  /** A stable path such as /dev/serial/by-id/usb-…. */
  readonly path: string;
  readonly baudRate: number;
  readonly dataBits: 5 | 6 | 7 | 8;
  readonly parity: "none" | "even" | "odd";
  readonly stopBits: 1 | 2;
  readonly rtscts: boolean;
}

/** The part of a serialport stream the connection uses: `SerialPortStream` and `SerialPortMock` both fit. */
export interface PortStream {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  close(callback?: (err: Error | null) => void): void;
  write(data: Buffer, callback: (err: Error | null | undefined) => void): boolean;
  destroy(): unknown;
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  on(event: "error", listener: (err: Error) => void): unknown;
  on(event: "close", listener: (err: Error | null) => void): unknown;
  removeAllListeners(): unknown;
  /** Switches an open port to another rate (serialport's `update`). */
  update?(options: { baudRate: number }, callback: (err: Error | null) => void): void;
}

/** Makes a port object (not yet open) for the settings. */
export type PortFactory = (settings: PortSettings) => PortStream;

/** A probe that fails counts as "gone". */
function safely(probe: PresenceProbe, path: string): Promise<string | null> {
  return Promise.resolve()
    .then(() => probe(path))
    .catch(() => null);
}

/** What the connection is doing (the shared reconnect states). */
export type LinkState = ReconnectState;

/**
 * Reconnect backoff of a port: 250 ms catches a quick replug; 10 s bounds the retry load of a device
 * that is gone for good; up to a fifth off at random, so a site's readers do not retry in step.
 */
export const SERIAL_BACKOFF: BackoffPolicy = { minMs: 250, maxMs: 10_000, jitter: 0.2 };

/** The injected parts and tuning of a connection; tests inject the mock binding and timers. */
export interface SerialConnectionTuning {
  /** Makes the port objects (see binding.ts for ports on a binding). */
  readonly openPort: PortFactory;
  readonly timers: TimerApi;
  /** Source of jitter of the reconnect backoff; default Math.random. */
  readonly random?: () => number;
  /** Overrides of the reconnect backoff. */
  readonly backoff?: Partial<BackoffPolicy>;
  /** Unplug check while open (the real binding's, see binding.ts); default none. */
  readonly presence?: PresenceProbe | null;
  /** Milliseconds between presence checks; default 1000. */
  readonly presenceMs?: number;
}

/** What a connection is built from. */
export interface SerialConnectionOptions extends SerialConnectionTuning {
  readonly settings: PortSettings;
  readonly log: Logger;
  /** Bytes received, with the time they arrived. */
  onData(chunk: Buffer, now: number): void;
  /** The port opened (first time, or again after a loss). */
  onOnline(): void;
  /** The port could not open or was lost; reported once per loss. */
  onOffline(reason: string): void;
}

/** A self-healing serial port. */
export class SerialConnection {
  private readonly link: Reconnector;
  /** The state the last log line named (the instant between a loss and its retry is not logged). */
  private logged: LinkState = "idle";
  private port: PortStream | null = null;
  private offlineReported = false;
  private opening: Promise<void> | null = null;
  private firstAttempt: (() => void) | null = null;
  private readonly releases = new PortReleases();
  private readonly openPort: PortFactory;
  private readonly timers: TimerApi;
  private readonly presence: PresenceProbe | null;
  private presenceTimer: unknown = null;
  /** The rate in use: the settings' until `setBaudRate`. */
  private baudRate: number;

  constructor(private readonly o: SerialConnectionOptions) {
    this.openPort = o.openPort;
    this.timers = o.timers;
    this.presence = o.presence ?? null;
    this.baudRate = o.settings.baudRate;
    this.link = new Reconnector({ timers: o.timers, backoff: { ...SERIAL_BACKOFF, ...o.backoff }, random: o.random ?? Math.random });
    this.link.watch((t) => this.logTransition(t));
  }

  /** Current state. */
  get state(): LinkState {
    return this.link.state;
  }

  /** Times the port came back after a loss. */
  get reconnects(): number {
    return Math.max(0, this.link.opens - 1);
  }

  /** Start connecting; resolves once the first attempt has opened the port or failed (it keeps retrying). */
  start(): Promise<void> {
    if (this.link.state !== "idle") return Promise.resolve();
    const first = new Promise<void>((resolve) => (this.firstAttempt = resolve));
    this.link.start();
    this.connect();
    return first;
  }

  /** Stop for good: cancel retries, close the port and wait until it is released. */
  async stop(): Promise<void> {
    this.link.stop();
    this.stopPresence();
    this.settleFirst();
    await this.opening;
    if (this.port !== null) void this.release(this.port);
    await this.releases.settled();
  }

  /**
   * Switches to another rate: the open port at once, and every later reopening. A port that cannot
   * switch is reopened at the new rate.
   */
  setBaudRate(baudRate: number): void {
    this.baudRate = baudRate;
    const port = this.port;
    if (port === null || this.link.state !== "open") return;
    if (!port.update) return this.lost(port, new Error("reopening at a new rate"));
    port.update({ baudRate }, (err) => {
      if (err) this.lost(port, err);
    });
  }

  /** Write bytes (for outputs); rejects with PORT_CLOSED when the port is not open. */
  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (port === null || this.link.state !== "open") {
      return Promise.reject(new GatewayError("PORT_CLOSED", `serial port ${this.o.settings.path} is not open`));
    }
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) =>
        err ? reject(new GatewayError("PORT_WRITE", "serial write failed", { cause: err })) : resolve(),
      );
    });
  }

  /**
   * An attempt opens only once every old port is closed: the real binding locks the device and would
   * refuse it while an old descriptor is still closing. A stop while waiting opens nothing.
   */
  private connect(): void {
    const closing = this.releases.settled();
    if (closing === null) return this.openNew();
    const wait = closing.then(() => {
      if (this.opening === wait) this.opening = null;
      if (this.link.state === "opening") this.openNew();
    });
    this.opening = wait;
  }

  private openNew(): void {
    let port: PortStream;
    try {
      port = this.openPort({ ...this.o.settings, baudRate: this.baudRate });
    } catch (err) {
      this.failed(null, err as Error);
      return;
    }
    this.port = port;
    port.on("data", (chunk) => this.o.onData(chunk, this.timers.now()));
    port.on("error", (err) => this.lost(port, err));
    port.on("close", (err) => this.lost(port, err ?? new Error("port closed")));
    this.opening = new Promise((resolve) => {
      port.open((err) => {
        this.opening = null;
        if (err) this.failed(port, err);
        else this.opened(port);
        resolve();
      });
    });
  }

  private opened(port: PortStream): void {
    if (this.link.state === "stopped") {
      void this.release(port);
      return;
    }
    this.link.opened();
    this.offlineReported = false;
    this.o.onOnline();
    this.settleFirst();
    this.watchPresence(port);
  }

  /** While `port` is open, check now and then that its device node is still the one opened. */
  private watchPresence(port: PortStream): void {
    const probe = this.presence;
    if (probe === null) return;
    const path = this.o.settings.path;
    const still = (): boolean => this.port === port && this.link.state === "open";
    const check = (opened: string | null): void => {
      this.presenceTimer = this.timers.setTimeout(() => {
        this.presenceTimer = null;
        void safely(probe, path).then((now) => {
          if (!still()) return;
          if (now === null || now !== opened) this.lost(port, new Error("device gone from its path"));
          else check(opened);
        });
      }, this.o.presenceMs ?? PRESENCE_MS);
    };
    void safely(probe, path).then((opened) => {
      if (!still()) return;
      if (opened === null) this.lost(port, new Error("device gone from its path"));
      else check(opened);
    });
  }

  private stopPresence(): void {
    if (this.presenceTimer !== null) this.timers.clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
  }

  private failed(port: PortStream | null, err: Error): void {
    if (port !== null) void this.release(port);
    if (this.link.state === "stopped") return;
    this.goOffline(`cannot open: ${err.message}`);
    this.retry();
  }

  private lost(port: PortStream, err: Error): void {
    if (port !== this.port || this.link.state !== "open") return;
    void this.release(port);
    this.goOffline(`port lost: ${err.message}`);
    this.retry();
  }

  private goOffline(reason: string): void {
    if (!this.offlineReported) {
      this.offlineReported = true;
      this.o.onOffline(reason);
    }
    this.settleFirst();
  }

  private retry(): void {
    this.link.down();
    this.link.retry(() => this.connect());
  }

  /** Forget a port object for good (see PortReleases). */
  private release(port: PortStream): Promise<void> {
    if (this.port === port) {
      this.port = null;
      this.stopPresence();
    }
    return this.releases.release(port);
  }

  private settleFirst(): void {
    this.firstAttempt?.();
    this.firstAttempt = null;
  }

  /** One log line per change of state a reader of the port sees: opening, open, waiting, stopped. */
  private logTransition(t: ReconnectTransition): void {
    if (t.to === "lost") return;
    const detail = t.to === "opening" ? { attempt: t.attempt } : t.to === "waiting" ? { delay_ms: t.delayMs } : {};
    this.o.log.debug({ from: this.logged, to: t.to, path: this.o.settings.path, ...detail }, "serial link state");
    this.logged = t.to;
  }
}
