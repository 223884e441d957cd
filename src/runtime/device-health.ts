import type { DeviceStatePayload } from "../bus/topics.js";
import type { Input } from "../core/inputs.js";
import type { DeviceDriver } from "../drivers/driver.js";
import type { Logger } from "../util/log.js";
import type { TimerApi } from "../time/timers.js";

/**
 * Counter changes are published at most this often per device: a reader read ten times a second must
 * not flood the district with health messages, and a second is fresh enough for a dashboard.
 */
export const HEALTH_MIN_INTERVAL_MS = 1000;

/** What device health needs. */
export interface DeviceHealthDeps {
  /** Publish one device's retained state; failures are the caller's to log. */
  publish(device: string, payload: DeviceStatePayload): Promise<void>;
  readonly timers: TimerApi;
  readonly log: Logger;
  /** Least time between two counter-only publications of a device (default 1 s). */
  readonly minIntervalMs?: number;
}

interface Health {
  status: DeviceStatePayload["status"];
  reason: string | null;
  since: number;
  /** Counters as last published, to see whether they moved. */
  published: string;
}

/**
 * Every device's health on `state/device/<id>` (retained): the status its driver last reported, with
 * a reason, and its counters. Published at start, at once on every status change, and when counters
 * move, checked once per interval so that a busy device publishes at most once a second.
 */
export class DeviceHealth {
  private readonly health = new Map<string, Health>();
  private drivers: ReadonlyMap<string, DeviceDriver> = new Map();
  private timer: unknown = null;
  private started = false;
  private readonly interval: number;

  constructor(private readonly deps: DeviceHealthDeps) {
    this.interval = deps.minIntervalMs ?? HEALTH_MIN_INTERVAL_MS;
  }

  /** See an input on its way to the core: device statuses are recorded (and published once started). */
  observe(input: Input): void {
    if (input.kind !== "device_status") return;
    const h = this.entry(input.device);
    if (h.status === input.status && h.reason === input.reason) return;
    h.status = input.status;
    h.reason = input.reason;
    h.since = this.deps.timers.now();
    const driver = this.drivers.get(input.device);
    if (this.started && driver !== undefined) void this.publish(driver);
  }

  /** Publish every device's state, log one summary line, and start watching counters. */
  async start(drivers: ReadonlyMap<string, DeviceDriver>): Promise<void> {
    this.drivers = drivers;
    this.started = true;
    this.logSummary();
    await Promise.all([...drivers.values()].map((d) => this.publish(d)));
    this.arm();
  }

  /** Stop watching; every device is published offline ("gateway stopped"), as it no longer is watched. */
  async stop(): Promise<void> {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
    if (!this.started) return;
    this.started = false;
    const now = this.deps.timers.now();
    for (const d of this.drivers.values()) {
      Object.assign(this.entry(d.device.id), { status: "offline", reason: "gateway stopped", since: now });
    }
    await Promise.all([...this.drivers.values()].map((d) => this.publish(d)));
  }

  /** The state a device's topic carries now. */
  snapshot(driver: DeviceDriver): DeviceStatePayload {
    const h = this.entry(driver.device.id);
    return {
      kind: driver.device.kind,
      model: driver.device.model.model,
      status: h.status,
      reason: h.reason,
      since: new Date(h.since).toISOString(),
      frames_ok: driver.counters.framesOk,
      frames_bad: driver.counters.framesBad,
      reconnects: driver.counters.reconnects,
      ...driver.details?.(),
    };
  }

  /** One line for every device at start: "29 devices online", or which are not and why. */
  private logSummary(): void {
    const online = [...this.drivers.keys()].filter((id) => this.entry(id).status === "online");
    const others = [...this.drivers.keys()].filter((id) => this.entry(id).status !== "online");
    const detail = others.map((id) => {
      const h = this.entry(id);
      return `${id} ${h.status}${h.reason === null ? "" : ` (${h.reason})`}`;
    });
    const msg = `${online.length} devices online${others.length === 0 ? "" : `, ${others.length} not: ${detail.join(", ")}`}`;
    if (others.length === 0) this.deps.log.info({ online: online.length }, msg);
    else this.deps.log.warn({ online: online.length, not_online: others }, msg);
  }

  private entry(device: string): Health {
    let h = this.health.get(device);
    if (h === undefined) {
      h = { status: "offline", reason: "starting", since: this.deps.timers.now(), published: "" };
      this.health.set(device, h);
    }
    return h;
  }

  private async publish(driver: DeviceDriver): Promise<void> {
    const payload = this.snapshot(driver);
    this.entry(driver.device.id).published = countersKey(payload);
    try {
      await this.deps.publish(driver.device.id, payload);
    } catch (err) {
      this.deps.log.error({ err, device: driver.device.id }, "device state publish failed");
    }
  }

  private arm(): void {
    this.timer = this.deps.timers.setTimeout(() => this.check(), this.interval);
  }

  private check(): void {
    this.timer = null;
    if (!this.started) return;
    for (const d of this.drivers.values()) {
      const h = this.entry(d.device.id);
      if (countersKey(this.snapshot(d)) !== h.published) void this.publish(d);
    }
    this.arm();
  }
}

/**
 * What must move for a counter-only publication. An OSDP reader's packet count moves with every
 * poll, so only its link's trouble counters, Secure Channel and address (after osdp_COMSET) count;
 * its packets go along.
 */
function countersKey(p: DeviceStatePayload): string {
  const osdp = p.osdp === undefined ? "" : `/${p.osdp.address}/${p.osdp.key_type}/${JSON.stringify({ ...p.osdp.counters, packets: 0 })}`;
  return `${p.frames_ok}/${p.frames_bad}/${p.reconnects}${osdp}`;
}
