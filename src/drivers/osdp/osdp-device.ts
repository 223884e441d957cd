import type { OsdpSettings } from "../../config/osdp-settings.js";
import type { DeviceModel } from "../../config/runtime-model.js";
import type { DeviceStatusInput, ReaderAlarmInput } from "../../core/inputs.js";
import type { OsdpNotice, ReaderCommand } from "./cp-notices.js";
import type { ComSettings } from "./cp-bus.js";
import type { ControlOutcome } from "./cp-control.js";
import { GatewayError } from "../../util/errors.js";
import type { Logger } from "../../util/log.js";
import type { DeviceCounters, DeviceDriver, DriverContext } from "../driver.js";
import { osdpDetails, type OsdpDetails, type SecureStatus } from "./osdp-details.js";
import { KeypadEntry } from "../keypad-entry.js";
import { osdpCommands } from "./osdp-feedback.js";
import type { ReaderSignal } from "../reader-signal.js";
import type { OsdpMember, OsdpPort } from "./osdp-port.js";

/**
 * How long a reader may take to come online after start before it is reported offline: ID, CAP and
 * the Secure Channel handshake take a few exchanges, and a first failed attempt backs off 0.5-1 s.
 */
const START_GRACE_MS = 3000;

/**
 * One OSDP reader of a door, on the bus its port runs (see osdp-port.ts): card reads become badge
 * inputs (bit count and bits, decoded by the core like a Wiegand frame), keypad PINs keypad inputs,
 * tamper and power reader alarms, Secure Channel refusals security alarms, and the reader's coming
 * and going its health. Card bits and keys go to the core only, never into a log line.
 */
export class OsdpDevice implements DeviceDriver, OsdpMember {
  private readonly log: Logger;
  private readonly keypad = new KeypadEntry();
  private secure: SecureStatus = { active: false, keyType: null };
  private raised = { tamper: false, power: false, security: false };
  private onlineTimes = 0;
  /** Reports handled: card reads, keypad entries, local status. Polls answered with ACK are not reports. */
  private reports = 0;
  private startTimer: unknown = null;

  constructor(
    readonly device: DeviceModel,
    private readonly ctx: DriverContext,
    private readonly port: OsdpPort,
  ) {
    this.log = ctx.log.child({ mod: "devices/osdp", device: device.id });
    if (this.settings.port !== null) port.join(this);
  }

  get id(): string {
    return this.device.id;
  }

  get settings(): OsdpSettings {
    const s = this.device.settings;
    if (s.transport !== "osdp") throw new GatewayError("DEVICE_START", `device ${this.device.id} is not an OSDP reader`);
    return s;
  }

  /** Reports handled, replies refused (check or Secure Channel), and returns after an outage. */
  get counters(): DeviceCounters {
    const c = this.port.bus?.counters(this.settings.address);
    const bad = c === undefined || c === null ? 0 : c.crcErrors + c.scFailures;
    return { framesOk: this.reports, framesBad: bad, reconnects: Math.max(0, this.onlineTimes - 1) };
  }

  async start(): Promise<void> {
    if (this.settings.port === null) return this.status("fault", "no OSDP port configured");
    // A reader that never answers is reported once the connection has had its chance; one that
    // answers reports itself. No offline at start: a boot is not an outage.
    const timers = this.port.timers;
    this.startTimer = timers.setTimeout(() => {
      this.startTimer = null;
      if (this.onlineTimes === 0) this.status("offline", "not answering since start");
    }, Math.max(START_GRACE_MS, this.settings.bus.offlineAfterMs ?? 0));
    await this.port.start();
  }

  async stop(): Promise<void> {
    if (this.startTimer !== null) this.port.timers.clearTimeout(this.startTimer);
    this.startTimer = null;
    if (this.settings.port !== null) await this.port.stop();
  }

  /** Retained state: the reader's Secure Channel and the bus's counters of it. */
  details(): { osdp: OsdpDetails } {
    const s = this.settings;
    return { osdp: osdpDetails(this.wiring()?.address ?? s.address, s.secure, this.secure, this.port.bus?.counters(s.address) ?? null) };
  }

  /**
   * Opens the install window of this reader for `minutes`: SCBK-D accepted until a new key is set
   * or the window closes. The error when it cannot be opened.
   */
  openInstallWindow(minutes: number): string | null {
    const bus = this.port.bus;
    if (bus === null) return "reader not started";
    const error = bus.openInstallWindow(this.settings.address, Math.round(minutes * 60_000));
    if (error === null) this.log.warn({ minutes }, "install window opened by request");
    return error;
  }

  /**
   * Rotates the reader's key inside its live session (`OsdpBus.rekey`): resolves once the reader
   * acknowledged the new key and it is stored, or with why not (the old key then stays).
   */
  rekey(): Promise<ControlOutcome> {
    return this.change("rekey", (bus, done) => bus.rekey(this.settings.address, done));
  }

  /**
   * Moves the reader to another address and/or rate (`OsdpBus.comset`): resolves once the reader
   * confirmed the settings with osdp_COM, or with why not (the old settings then stay).
   */
  comset(to: ComSettings): Promise<ControlOutcome> {
    return this.change("comset", (bus, done) => bus.comset(this.settings.address, to, done));
  }

  /** Where the reader is now: its address on the bus and the bus's rate (null before start). */
  wiring(): { address: number; baud: number } | null {
    const bus = this.port.bus;
    return bus === null ? null : { address: bus.wireAddress(this.settings.address) ?? this.settings.address, baud: bus.baudRate };
  }

  private change(kind: string, start: (bus: NonNullable<OsdpPort["bus"]>, done: (o: ControlOutcome) => void) => string | null): Promise<ControlOutcome> {
    const bus = this.port.bus;
    return new Promise<ControlOutcome>((resolve) => {
      const error = bus === null ? "reader not started" : start(bus, resolve);
      if (error !== null) resolve({ ok: false, error: "unavailable", detail: error });
    }).then((outcome) => {
      this.log.warn({ change: kind, ok: outcome.ok, ...(outcome.ok ? {} : { error: outcome.error, detail: outcome.detail }) }, "reader change by request");
      return outcome;
    });
  }

  /** Shows a signal as the reader's LED, beeper and text commands. */
  signal(s: ReaderSignal): void {
    this.feedback(osdpCommands(s));
  }

  /** Shows what the core decided: LED, beeper and text commands, sent between polls, where the model has them. */
  feedback(commands: readonly ReaderCommand[]): void {
    const { features, address } = this.settings;
    for (const c of commands) {
      if ((c.kind === "led" && !features.led) || (c.kind === "buzzer" && !features.buzzer) || (c.kind === "text" && !features.display)) continue;
      const error = this.port.bus?.send(address, c) ?? "reader not started";
      if (error !== null) this.log.debug({ command: c.kind, error }, "reader feedback not sent");
    }
  }

  notice(n: OsdpNotice): void {
    if (n.type === "card" || n.type === "keypad" || n.type === "local_status") this.reports++;
    switch (n.type) {
      case "card":
        this.keypad.clear();
        return this.ctx.emit({ kind: "badge", reader: this.device.id, read: { kind: "bits", bits: n.bits } });
      case "keypad":
        for (const digits of this.keypad.push(n.keys)) this.ctx.emit({ kind: "keypad", reader: this.device.id, digits });
        return;
      case "local_status":
        this.condition("tamper", n.tamper, "tamper");
        this.condition("power", n.powerFailure, "power failure");
        return;
      case "online":
        this.onlineTimes++;
        this.secure = { active: n.secure, keyType: n.keyType };
        this.condition("security", false, null);
        return this.status("online", n.secure ? null : "plaintext");
      case "offline":
        this.secure = { active: false, keyType: null };
        return this.status("offline", n.reason);
      case "secure":
        this.secure = { active: n.secure, keyType: n.keyType };
        return;
      case "paired":
        this.log.warn({}, "reader paired: new key set");
        return;
      case "alarm":
        // A KEYSET answered in clear is news even for a reader already refused: raised again, by its own reason.
        return this.condition("security", true, n.alarm, n.alarm === "keyset_in_clear");
      case "command":
        if (!n.ok) this.log.debug({ command: n.command, reason: n.reason }, "reader refused a command");
        return;
    }
  }

  portState(open: boolean, reason: string): void {
    if (!open) this.status("offline", reason);
  }

  /** A reader condition: an alarm input on each change only, unless `again`. */
  private condition(alarm: ReaderAlarmInput["alarm"], active: boolean, reason: string | null, again = false): void {
    if (this.raised[alarm] === active && !again) return;
    this.raised[alarm] = active;
    this.ctx.emit({ kind: "reader_alarm", reader: this.device.id, alarm, active, reason });
  }

  private status(status: DeviceStatusInput["status"], reason: string | null): void {
    this.ctx.emit({ kind: "device_status", device: this.device.id, status, reason });
  }
}
