import type { DeviceModel } from "../../config/runtime-model.js";
import type { DeviceStatusInput } from "../../core/inputs.js";
import { HidConnection } from "./hid-connection.js";
import { KeyTracker, parseBootReport } from "./keyboard.js";
import { ScanBurst } from "./scan-burst.js";
import type { Logger } from "../../util/log.js";
import { deskScanResult, type DeskScanResult } from "../../visitors/desk-scan-result.js";
import type { DeviceCounters, DeviceDriver, DriverContext } from "../driver.js";
import { hidMatchOf, type HidDeps } from "./hid-device.js";

/** A scanner types a PDF417 licence (about 300-700 characters) in well under a second without pauses. */
const DEFAULT_QUIET_MS = 300;
/** The largest AAMVA barcode with jurisdiction subfiles stays under 2 KB; more is not a card. */
const MAX_SCAN = 4096;

/**
 * A front-desk 2D scanner in keyboard-wedge mode: it types the PDF417 barcode of a licence or ID.
 * A scan ends when the keys stop; it is read as an AAMVA card and the prefilled sign-in (or why
 * there is none) is shown on `state/desk/<id>` (which only the desk's roles receive) until the
 * visitor is signed in or the keep time passes (visitors/desk-scans.ts). Nothing of a
 * scan reaches the engine, the event log or the logs: it is a visitor's personal data.
 */
export class IdScannerDevice implements DeviceDriver {
  readonly counters: DeviceCounters = { framesOk: 0, framesBad: 0, reconnects: 0 };
  private readonly log: Logger;
  private readonly keys = new KeyTracker();
  private readonly burst = new ScanBurst({ maxLength: MAX_SCAN });
  private connection: HidConnection | null = null;
  private quiet: unknown = null;

  constructor(
    readonly device: DeviceModel,
    private readonly ctx: DriverContext,
    private readonly deps: HidDeps,
  ) {
    this.log = ctx.log.child({ mod: "devices/id-scanner", device: device.id });
  }

  async start(): Promise<void> {
    const match = hidMatchOf(this.device);
    const t = this.device.model.transport;
    if (typeof match === "string" || t.type !== "hid" || t.report.format !== "boot_keyboard") {
      const reason = typeof match === "string" ? match : `model ${this.device.model.model} does not type boot keyboard reports`;
      this.log.error({ reason }, "id scanner cannot start");
      this.status("fault", reason);
      return;
    }
    const quietMs = t.report.max_gap_ms ?? DEFAULT_QUIET_MS;
    this.connection = new HidConnection(
      { api: this.deps.api, timers: this.deps.timers, log: this.log, match },
      {
        report: (data) => this.onReport(data, quietMs),
        status: (status, reason) => {
          if (status !== "online") this.forget();
          this.status(status, reason);
        },
        reconnected: () => this.counters.reconnects++,
      },
    );
    await this.connection.start();
  }

  async stop(): Promise<void> {
    this.forget();
    await this.connection?.stop();
    this.connection = null;
  }

  private onReport(data: Buffer, quietMs: number): void {
    const report = parseBootReport(data);
    if (report === null) {
      this.counters.framesBad++;
      this.log.warn({ length: data.length }, "hid report rejected");
      return;
    }
    this.counters.framesOk++;
    this.burst.feed(this.keys.feed(report));
    if (this.quiet !== null) this.deps.timers.clearTimeout(this.quiet);
    this.quiet = this.burst.pending ? this.deps.timers.setTimeout(() => this.finish(), quietMs) : null;
  }

  private finish(): void {
    this.quiet = null;
    const burst = this.burst.finish();
    if (burst.kind === "dropped" && burst.reason === "empty") return;
    const result: DeskScanResult =
      burst.kind === "dropped"
        ? { ok: false, reason: "too_long", message: "the scan was too long for a card: scan the card's barcode again" }
        : deskScanResult(burst.text, this.wallNow());
    // The outcome only: the scan's content is a visitor's personal data.
    this.log.info({ ok: result.ok, reason: result.ok ? null : result.reason }, "id scanned");
    this.ctx.deskScans?.show({ scanner: this.device.id, at: new Date(this.wallNow()).toISOString(), result });
  }

  private wallNow(): number {
    return this.deps.timers.wall?.() ?? this.deps.timers.now();
  }

  private forget(): void {
    if (this.quiet !== null) this.deps.timers.clearTimeout(this.quiet);
    this.quiet = null;
    this.keys.reset();
    this.burst.reset();
  }

  private status(status: DeviceStatusInput["status"], reason: string | null): void {
    this.ctx.emit({ kind: "device_status", device: this.device.id, status, reason });
  }
}
