import type { z } from "zod";
import { SimPayloads } from "../../bus/topics.js";
import type { DeviceModel } from "../../config/runtime-model.js";
import { parseBadgeText } from "../../core/badge.js";
import type { Input } from "../../core/inputs.js";
import { maskCredential, type Logger } from "../../util/log.js";
import type { DeviceCounters, DeviceDriver, DriverContext } from "../driver.js";
import { safeActive } from "../lock-level.js";
import { deskScanResult } from "../../visitors/desk-scan-result.js";

type SimKind = keyof typeof SimPayloads;

function isSimKind(kind: string): kind is SimKind {
  return kind in SimPayloads;
}

/** A payload that passed its schema but cannot be read (badge text that is no badge): a bad frame. */
const UNREADABLE = "unreadable";

/** Translate a validated sim payload into a core input; null when the kind has nothing for the core. */
function toInput(device: DeviceModel, payload: unknown, log: Logger): Input | null | typeof UNREADABLE {
  switch (device.kind) {
    case "reader": {
      const p = payload as z.infer<(typeof SimPayloads)["reader"]>;
      if ("digits" in p) return { kind: "badge", reader: device.id, read: { kind: "digits", digits: p.digits } };
      const bits = parseBadgeText(p.badge);
      if (bits === null) {
        log.warn({ badge: maskCredential(p.badge) }, "unreadable badge text");
        return UNREADABLE;
      }
      return { kind: "badge", reader: device.id, read: { kind: "bits", bits } };
    }
    case "contact":
      return { kind: "contact", device: device.id, open: (payload as { open: boolean }).open };
    case "rex":
      return (payload as { pressed: boolean }).pressed ? { kind: "rex", device: device.id } : null;
    case "panic":
      return { kind: "panic", device: device.id, pressed: (payload as { pressed: boolean }).pressed };
    case "fire_alarm":
      return { kind: "fire_alarm", device: device.id, active: (payload as { active: boolean }).active };
    case "key_switch":
      return { kind: "key_switch", device: device.id, on: (payload as { on: boolean }).on };
    case "metal_detector": {
      const p = payload as z.infer<(typeof SimPayloads)["metal_detector"]>;
      return "alarm" in p
        ? { kind: "screening", device: device.id, result: "alarm", zones: p.zones }
        : { kind: "screening", device: device.id, result: "passage", zones: [] };
    }
    default:
      return null;
  }
}

/**
 * A simulated device, driven by JSON on `gatehouse/<site>/sim/<device_id>`. Inputs are validated by
 * the kind's schema; outputs only remember their level, taking their rest level (the safe level
 * unless `restAt` said otherwise) at start and on stop, as a relay on a GPIO line does. Used by the
 * demo, by tests and for training.
 */
export class SimDevice implements DeviceDriver {
  readonly counters: DeviceCounters = { framesOk: 0, framesBad: 0, reconnects: 0 };
  private active = false;
  private rest: boolean;
  private readonly log: Logger;

  constructor(
    readonly device: DeviceModel,
    private readonly ctx: DriverContext,
  ) {
    this.log = ctx.log.child({ mod: "devices/sim", device: device.id });
    this.rest = safeActive(device);
  }

  /** The output level last set (outputs only). */
  get isActive(): boolean {
    return this.active;
  }

  restAt(active: boolean): void {
    this.rest = active;
  }

  async start(): Promise<void> {
    const kind = this.device.kind;
    if (isSimKind(kind)) {
      this.ctx.broker.onMessage(this.ctx.topics.sim(this.device.id), (_topic, payload) => this.receive(kind, payload));
    } else {
      this.active = this.rest;
    }
    this.ctx.emit({ kind: "device_status", device: this.device.id, status: "online", reason: null });
  }

  async stop(): Promise<void> {
    this.active = this.rest;
  }

  setActive(active: boolean): void {
    this.active = active;
    this.log.debug({ active }, "output set");
  }

  /** A simulated desk scan: shown to the desk as a USB scanner's would be; its content never logged. */
  private scanned(text: string): void {
    this.counters.framesOk++;
    const now = Date.now();
    const result = deskScanResult(text, now);
    this.log.info({ ok: result.ok, reason: result.ok ? null : result.reason }, "id scanned");
    this.ctx.deskScans?.show({ scanner: this.device.id, at: new Date(now).toISOString(), result });
  }

  private receive(kind: SimKind, payload: Buffer): void {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString("utf8"));
    } catch {
      json = undefined;
    }
    const parsed = SimPayloads[kind].safeParse(json);
    if (!parsed.success) {
      this.counters.framesBad++;
      // The field and the rule, never the value (it may be a badge number).
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`);
      this.log.warn({ issues }, "sim payload rejected");
      return;
    }
    if (kind === "id_scanner") return this.scanned((parsed.data as { scan: string }).scan);
    const input = toInput(this.device, parsed.data, this.log);
    if (input === UNREADABLE) {
      this.counters.framesBad++;
      return;
    }
    if (input === null) return;
    this.counters.framesOk++;
    this.ctx.emit(input);
  }
}
