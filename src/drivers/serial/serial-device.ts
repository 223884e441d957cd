import { DECODER_KINDS, type SerialTransport } from "../../catalog/transport-serial.js";
import type { DeviceModel } from "../../config/runtime-model.js";
import type { DeviceStatusInput, Input } from "../../core/inputs.js";
import { createDecoder } from "./decoders.js";
import type { DecodeOutcome, FrameDecoder } from "./decode-common.js";
import { toHex, type FrameParser, type FrameResult } from "./frame-buffer.js";
import { createFrameParser } from "./framing.js";
import { SerialConnection, type SerialConnectionTuning } from "./connection.js";
import { CheckinMonitor, RECEIVER } from "./supervision.js";
import { GatewayError } from "../../util/errors.js";
import { maskCredential, type Logger } from "../../util/log.js";
import type { TimerApi } from "../../time/timers.js";
import type { DeviceCounters, DeviceDriver, DriverContext } from "../driver.js";
import type { ReaderSignal } from "../reader-signal.js";

/** What a serial device is given besides its model and context: its connection's injected parts. */
export type SerialDeviceOptions = SerialConnectionTuning;

/** Bytes of a frame shown in a log line: enough to recognise a pattern, bounded so one line stays short. */
const LOG_BYTES = 64;

/** Kernel names that follow plug order and can swap between boots; /dev/serial/by-id/… does not. */
const UNSTABLE_PATH = /^\/dev\/tty(USB|ACM)[0-9]+$/;

/** The parts built at start(). */
interface Pipeline {
  readonly parser: FrameParser;
  readonly decoder: FrameDecoder;
  readonly monitor: CheckinMonitor | null;
  readonly connection: SerialConnection;
}

/**
 * A reader, panic receiver or metal detector on a serial port: bytes → framing → decoder → inputs,
 * all chosen by the catalog model. Reports online/offline as the port comes and goes, trouble when
 * the device says so or a check-in is missed; counts good and bad frames and reconnects.
 */
export class SerialDevice implements DeviceDriver {
  readonly counters: DeviceCounters = { framesOk: 0, framesBad: 0, reconnects: 0 };
  private readonly log: Logger;
  private readonly timers: TimerApi;
  private pipeline: Pipeline | null = null;
  private frameTimer: unknown = null;
  private checkinTimer: unknown = null;

  constructor(
    readonly device: DeviceModel,
    private readonly ctx: DriverContext,
    private readonly options: SerialDeviceOptions,
  ) {
    this.log = ctx.log.child({ mod: "devices/serial", device: device.id });
    this.timers = options.timers;
  }

  /** Opens the port (or starts retrying, reporting offline); never fails for a missing port. */
  async start(): Promise<void> {
    const t = this.transport();
    const s = this.device.settings;
    if (s.transport !== "serial" || s.path === null) throw new GatewayError("DEVICE_START", `device ${this.device.id} has no serial settings`);
    const { path, baudRate, dataBits, parity, stopBits, rtscts } = s;
    if (UNSTABLE_PATH.test(path)) this.log.warn({ path }, "serial path may change between boots");
    const window = t.decoder.type === "panic_receiver" ? t.decoder.checkin_timeout_ms : null;
    const connection = new SerialConnection({
      ...this.options,
      settings: { path, baudRate, dataBits, parity, stopBits, rtscts },
      log: this.log,
      timers: this.timers,
      onData: (chunk, now) => this.received(chunk, now),
      onOnline: () => this.online(),
      onOffline: (reason) => this.offline(reason),
    });
    this.pipeline = {
      parser: createFrameParser(t.framing),
      decoder: createDecoder(this.device.id, t.decoder),
      monitor: window === null ? null : new CheckinMonitor(window),
      connection,
    };
    await connection.start();
  }

  async stop(): Promise<void> {
    this.clearTimers();
    await this.pipeline?.connection.stop();
  }

  /** Send bytes to the device (for outputs); rejects with PORT_CLOSED while the port is down. */
  write(bytes: Uint8Array): Promise<void> {
    if (this.pipeline === null) return Promise.reject(new GatewayError("PORT_CLOSED", "device not started"));
    return this.pipeline.connection.write(bytes);
  }

  /** Shows a signal with the converter's command line for it, where the model has one. */
  signal(s: ReaderSignal): void {
    const t = this.device.model.transport;
    const line = t.type === "serial" ? t.feedback?.[s.kind] : undefined;
    if (line === undefined) return;
    this.write(Buffer.from(line, "latin1")).catch((err: unknown) => this.log.debug({ err, signal: s.kind }, "reader feedback not sent"));
  }

  private transport(): SerialTransport {
    const t = this.device.model.transport;
    if (t.type !== "serial") throw new GatewayError("DEVICE_START", `device ${this.device.id} is not a serial device`);
    const kind = DECODER_KINDS[t.decoder.type];
    if (kind !== this.device.kind) {
      throw new GatewayError("DEVICE_START", `decoder ${t.decoder.type} serves a ${kind}, not a ${this.device.kind}`);
    }
    return t;
  }

  private online(): void {
    const p = this.pipeline;
    if (p === null) return;
    p.parser.reset();
    this.counters.reconnects = p.connection.reconnects;
    this.log.debug({ reconnects: this.counters.reconnects }, "serial device online");
    this.status("online", null);
    p.monitor?.restart(this.timers.now());
    this.armCheckin();
  }

  private offline(reason: string): void {
    this.pipeline?.parser.reset();
    this.clearTimers();
    this.log.debug({ reason }, "serial device offline");
    this.status("offline", reason);
  }

  private received(chunk: Buffer, now: number): void {
    const p = this.pipeline;
    if (p === null) return;
    this.handle(p.parser.push(chunk, now), now);
    this.armFrameTimer();
  }

  private handle(results: readonly FrameResult[], now: number): void {
    for (const r of results) {
      if (r.kind === "frame") this.frame(r.bytes, now);
      else if (r.kind === "bad") this.badFrame(r.bytes, r.reason);
      else if (r.kind === "skip") this.log.debug({ hex: this.hexForLog(r.bytes), len: r.bytes.length }, "bytes skipped");
    }
  }

  private frame(bytes: Uint8Array, now: number): void {
    const outcomes = this.pipeline?.decoder.decode(bytes) ?? [];
    const failed = outcomes.find((o) => o.kind === "bad");
    if (failed !== undefined) {
      // Keypad keys are PIN digits: such a frame is counted and logged without its bytes.
      this.badFrame(failed.keys === true ? new Uint8Array(0) : bytes, failed.reason);
      return;
    }
    this.counters.framesOk++;
    for (const o of outcomes) this.apply(o, now);
  }

  private apply(o: DecodeOutcome, now: number): void {
    switch (o.kind) {
      case "input":
        this.log.debug({ input: o.input.kind, source: o.source, read: this.readForLog(o.input) }, "input decoded");
        this.ctx.emit(o.input);
        return;
      case "alive":
        return this.alive(o.source, now);
      case "trouble":
        this.log.debug({ reason: o.reason }, "device reports trouble");
        return this.status("trouble", o.reason);
      case "none":
      case "bad":
        return;
    }
  }

  private alive(source: string | null, now: number): void {
    const monitor = this.pipeline?.monitor;
    if (monitor === null || monitor === undefined) return;
    const back = monitor.seen(source, now);
    if (back.length > 0 && !monitor.anyMissing) this.status("online", "check-in restored");
    this.armCheckin();
  }

  private badFrame(bytes: Uint8Array, reason: string): void {
    this.counters.framesBad++;
    this.log.warn({ reason, hex: this.hexForLog(bytes), len: bytes.length, bad: this.counters.framesBad }, "bad frame");
  }

  private armFrameTimer(): void {
    if (this.frameTimer !== null) this.timers.clearTimeout(this.frameTimer);
    this.frameTimer = null;
    const due = this.pipeline?.parser.deadline() ?? null;
    if (due === null) return;
    this.frameTimer = this.timers.setTimeout(() => {
      this.frameTimer = null;
      const now = this.timers.now();
      this.handle(this.pipeline?.parser.poll(now) ?? [], now);
      this.armFrameTimer();
    }, Math.max(0, due - this.timers.now()));
  }

  private armCheckin(): void {
    if (this.checkinTimer !== null) this.timers.clearTimeout(this.checkinTimer);
    this.checkinTimer = null;
    const monitor = this.pipeline?.monitor;
    const due = monitor?.next() ?? null;
    if (monitor === null || monitor === undefined || due === null) return;
    this.checkinTimer = this.timers.setTimeout(() => {
      this.checkinTimer = null;
      for (const source of monitor.due(this.timers.now())) {
        const who = source === RECEIVER ? "receiver" : `transmitter ${source}`;
        this.log.debug({ source }, "missed check-in");
        this.status("trouble", `missed check-in (${who})`);
      }
      this.armCheckin();
    }, Math.max(0, due - this.timers.now()));
  }

  private clearTimers(): void {
    for (const t of [this.frameTimer, this.checkinTimer]) if (t !== null) this.timers.clearTimeout(t);
    this.frameTimer = null;
    this.checkinTimer = null;
  }

  /**
   * Report health to the core. The driver's own lines about it are at debug: the recorded device
   * event (and the alarm, for a panic source or a reader) is the one line people read at info.
   */
  private status(status: DeviceStatusInput["status"], reason: string | null): void {
    this.ctx.emit({ kind: "device_status", device: this.device.id, status, reason });
  }

  /** Frame bytes for a log line: a reader's bytes may hold a badge number (FERPA), so only its tail. */
  private hexForLog(bytes: Uint8Array): string {
    const hex = toHex(bytes.subarray(0, LOG_BYTES));
    return this.device.kind === "reader" ? maskCredential(hex) : hex;
  }

  private readForLog(input: Input): string | undefined {
    if (input.kind !== "badge") return undefined;
    return maskCredential(input.read.kind === "bits" ? input.read.bits : input.read.digits);
  }
}
