import type { DeviceStatus } from "../../core/events.js";
import { GatewayError } from "../../util/errors.js";
import type { Logger } from "../../util/log.js";
import type { TimerApi } from "../../time/timers.js";
import type { BackoffPolicy } from "../../util/backoff.js";
import { Reconnector, type ReconnectState } from "../../util/reconnect.js";
import type { HidApi, HidDeviceInfo, HidHandle } from "./hid-api.js";

/** Which device to use: USB ids, and optionally a serial number and an interface. */
export interface HidMatch {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber: string | null;
  readonly interface: number | null;
}

/** Whether a listed device is the one wanted (and can be opened). */
export function matchesHid(info: HidDeviceInfo, m: HidMatch): boolean {
  return (
    info.path !== null &&
    info.vendorId === m.vendorId &&
    info.productId === m.productId &&
    (m.serialNumber === null || info.serialNumber === m.serialNumber) &&
    (m.interface === null || info.interface === m.interface)
  );
}

/**
 * Retry delays: a panic button plugged back in should work again within a second, and a device that
 * stays away costs one listing every few seconds at most.
 */
export const HID_RETRY_FIRST_MS = 250;
export const HID_RETRY_MAX_MS = 5000;

/** The retry policy of a HID device: the capped ceiling itself, without jitter. */
const HID_BACKOFF: BackoffPolicy = { minMs: HID_RETRY_FIRST_MS, maxMs: HID_RETRY_MAX_MS, jitter: 0 };

/** What a connection reports to. */
export interface HidConnectionEvents {
  report(data: Buffer): void;
  /** Connected (online), lost or not found (offline), or unusable (fault: the library is missing). */
  status(status: Exclude<DeviceStatus, "trouble">, reason: string | null): void;
  /** Connected again after having been connected. */
  reconnected(): void;
}

/** Options of a connection. */
export interface HidConnectionOptions {
  readonly api: HidApi;
  readonly timers: TimerApi;
  readonly log: Logger;
  readonly match: HidMatch;
}

interface Session {
  readonly handle: HidHandle;
  readonly onData: (data: Buffer) => void;
  readonly onError: (err: Error) => void;
}

/**
 * Keeps one HID device open: finds it by its ids, opens it, and after an unplug (the handle's error)
 * closes it, lets go of its listeners and looks for it again with a growing delay. One session at a
 * time; events of a closed session are ignored.
 */
export class HidConnection {
  private readonly link: Reconnector;
  private session: Session | null = null;
  private lastReason: string | null = null;

  constructor(
    private readonly opts: HidConnectionOptions,
    private readonly events: HidConnectionEvents,
  ) {
    this.link = new Reconnector({ timers: opts.timers, backoff: HID_BACKOFF });
  }

  /** Whether a device is open. */
  get connected(): boolean {
    return this.session !== null;
  }

  /** Where the connection is (the shared reconnect states). */
  get state(): ReconnectState {
    return this.link.state;
  }

  /** Look for the device now; keep looking in the background when it is not there. */
  async start(): Promise<void> {
    if (this.link.start()) await this.connect();
  }

  /** Close the device and stop looking. */
  async stop(): Promise<void> {
    this.link.stop();
    await this.release();
  }

  private async connect(): Promise<void> {
    let found: HidDeviceInfo | undefined;
    try {
      found = (await this.opts.api.devices()).find((d) => matchesHid(d, this.opts.match));
    } catch (err) {
      return this.failed(err);
    }
    if (found === undefined || found.path === null) return this.retry("not connected");
    let handle: HidHandle;
    try {
      handle = await this.opts.api.open(found.path);
    } catch (err) {
      this.opts.log.warn({ err }, "hid open failed");
      return this.retry(`open failed: ${(err as Error).message}`);
    }
    if (this.link.state === "stopped") {
      await handle.close().catch(() => undefined);
      return;
    }
    this.attach(handle);
  }

  private attach(handle: HidHandle): void {
    const session: Session = {
      handle,
      onData: (data) => {
        if (this.session === session) this.events.report(data);
      },
      onError: (err) => {
        if (this.session === session) void this.lost(err);
      },
    };
    handle.on("data", session.onData);
    handle.on("error", session.onError);
    this.session = session;
    this.link.opened();
    this.lastReason = null;
    if (this.link.opens > 1) this.events.reconnected();
    this.events.status("online", null);
  }

  private async lost(err: Error): Promise<void> {
    this.opts.log.warn({ err }, "hid device lost");
    this.link.down();
    await this.release();
    this.retry("unplugged");
  }

  /** Close the open session, then remove its listeners (the error one stays until close is done). */
  private async release(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session === null) return;
    try {
      await session.handle.close();
    } catch (err) {
      this.opts.log.debug({ err }, "hid close failed");
    }
    session.handle.off("data", session.onData);
    session.handle.off("error", session.onError);
  }

  private failed(err: unknown): void {
    if (err instanceof GatewayError && err.code === "DEVICE_UNAVAILABLE") {
      this.opts.log.error({ err }, "hid unavailable");
      this.events.status("fault", err.message);
      this.link.halt();
      return;
    }
    this.opts.log.warn({ err }, "hid listing failed");
    this.retry(`listing failed: ${(err as Error).message}`);
  }

  private retry(reason: string): void {
    if (this.link.state === "stopped") return;
    if (reason !== this.lastReason) this.events.status("offline", reason);
    this.lastReason = reason;
    this.link.down();
    this.link.retry(() => void this.connect());
  }
}
