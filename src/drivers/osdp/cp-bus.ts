/**
 * The control panel on one multidrop bus: several readers share a transport, one command is
 * outstanding at a time, and each reader gets the wire in turn when it is due. A reader that does
 * not answer costs one reply timeout per retry delay, never the others' sessions: every reader
 * keeps its own state, sequence and Secure Channel session.
 */

import { randomBytes } from "node:crypto";
import { GatewayError } from "../../util/errors.js";
import type { Logger } from "../../util/log.js";
import type { ControlAction, ControlOutcome } from "./cp-control.js";
import type { OsdpNotice, ReaderCommand, ReaderCounters } from "./cp-notices.js";
import { readersError, resolveTiming, type CpOptions, type CpTiming, type ReaderConfig } from "./cp-options.js";
import type { KeyStore } from "./cp-policy.js";
import type { ReaderState } from "./cp-outgoing.js";
import { ReaderMachine } from "./cp-reader.js";
import { FrameReader, type ReaderResult } from "./frame-reader.js";
import { BLOCK } from "./secure-channel.js";
import { OneTimer, type OsdpTimers, type OsdpTransport } from "./transport.js";

/** What the bus needs from outside. */
export interface OsdpBusDeps {
  transport: OsdpTransport;
  timers: OsdpTimers;
  log: Logger;
  keys: KeyStore;
  onNotice: (notice: OsdpNotice) => void;
  /** Random bytes for RND.A and new keys; node:crypto by default. */
  random?: (n: number) => Uint8Array;
  /** The rate the bus runs at (OSDP 2.2 §5: 9600 by default). */
  baudRate?: number;
}

/** What osdp_COMSET is to change: a new address, a new rate, or both. */
export interface ComSettings {
  address?: number;
  baud?: number;
}

/** The exchange on the wire: whose reply is awaited and since when. */
interface Exchange {
  machine: ReaderMachine;
  sentAt: number;
}

export class OsdpBus {
  private readonly machines: ReaderMachine[];
  private readonly timing: CpTiming;
  private readonly rx = new FrameReader();
  private readonly wait: OneTimer;
  private readonly idle: OneTimer;
  private readonly log: Logger;
  private readonly servedAt = new Map<ReaderMachine, number>();
  private current: Exchange | null = null;
  private scheduling = false;
  private again = false;
  private unsubscribe: (() => void) | null = null;
  private readonly random: (n: number) => Uint8Array;
  private baud: number;

  constructor(
    readers: readonly ReaderConfig[],
    private readonly deps: OsdpBusDeps,
    options: CpOptions = {},
  ) {
    const error = readersError(readers);
    if (error !== null) throw new GatewayError("CONFIG_INVALID", `OSDP readers: ${error}`);
    this.timing = resolveTiming(options);
    this.log = deps.log.child({ mod: "drivers/osdp" });
    this.wait = new OneTimer(deps.timers);
    this.idle = new OneTimer(deps.timers);
    const random = deps.random ?? ((n: number) => new Uint8Array(randomBytes(n)));
    this.random = random;
    this.baud = deps.baudRate ?? 9600;
    const machineDeps = { timers: deps.timers, log: this.log, keys: deps.keys, random, emit: deps.onNotice, timing: this.timing };
    this.machines = readers.map((r) => new ReaderMachine(r, machineDeps));
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.deps.transport.onData((chunk) => this.onChunk(chunk));
    this.schedule();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.wait.cancel();
    this.idle.cancel();
    this.current = null;
    this.rx.reset();
    for (const m of this.machines) m.stop();
  }

  /** Queues an output command for a reader, sent between its polls; the error when it cannot be. */
  send(address: number, command: ReaderCommand): string | null {
    const m = this.find(address);
    const error = m ? m.enqueue(command) : "unknown reader";
    if (error === null && !this.current) this.schedule();
    return error;
  }

  /**
   * Opens the install window of one reader for `ms`: SCBK-D is accepted until it closes or a new
   * key is set. Pairing is a deliberate, audited act, so one window at a time per bus.
   */
  openInstallWindow(address: number, ms: number): string | null {
    const m = this.find(address);
    if (!m) return "unknown reader";
    const now = this.deps.timers.now();
    if (this.machines.some((o) => o !== m && o.policy.installOpen(now))) return "another install window is open";
    m.policy.openInstallWindow(now, ms);
    this.log.warn({ address, ms }, "install window opened");
    return null;
  }

  /**
   * Rotates the key of one paired reader inside its live session: osdp_KEYSET with a fresh random
   * key; the key is stored only once the reader acknowledged it under Secure Channel, then the
   * session restarts under it. `done` gets the outcome; the error when it cannot start.
   */
  rekey(address: number, done: (outcome: ControlOutcome) => void): string | null {
    const m = this.find(address);
    // Annex D: a unique random 128-bit key per reader, never derived from anything on the wire.
    return m ? this.change(m, { kind: "rekey", key: this.random(BLOCK) }, done) : "unknown reader";
  }

  /**
   * Moves one online reader to another address and/or rate with osdp_COMSET; the panel follows only
   * once osdp_COM confirms what was asked. A rate is the whole bus's: it changes only for a reader
   * alone on its bus, on a port that can switch. Nothing is written back to the configuration.
   */
  comset(address: number, to: ComSettings, done: (outcome: ControlOutcome) => void): string | null {
    const m = this.find(address);
    if (!m) return "unknown reader";
    const target = { address: to.address ?? m.wireAddress, baud: to.baud ?? this.baud };
    if (target.address === m.wireAddress && target.baud === this.baud) return "the reader already uses these settings";
    if (this.machines.some((o) => o !== m && (o.wireAddress === target.address || o.address === target.address))) {
      return `address ${target.address} is taken on this bus`;
    }
    const rate = target.baud !== this.baud;
    if (rate && this.machines.length > 1) return "other readers share the bus at its rate";
    if (rate && !this.deps.transport.setBaudRate) return "the port cannot change its rate";
    return this.change(m, { kind: "comset", ...target }, (outcome) => {
      if (outcome.ok && rate) {
        this.baud = target.baud;
        this.deps.transport.setBaudRate?.(target.baud);
      }
      done(outcome);
    });
  }

  /** The rate the bus runs at now. */
  get baudRate(): number {
    return this.baud;
  }

  /** The address a reader (by its configured address) answers at now, or null for an unknown one. */
  wireAddress(address: number): number | null {
    return this.find(address)?.wireAddress ?? null;
  }

  counters(address: number): ReaderCounters | null {
    const m = this.find(address);
    return m ? { ...m.counters } : null;
  }

  state(address: number): ReaderState | null {
    return this.find(address)?.current ?? null;
  }

  private find(address: number): ReaderMachine | undefined {
    return this.machines.find((m) => m.address === address);
  }

  private change(m: ReaderMachine, action: ControlAction, done: (outcome: ControlOutcome) => void): string | null {
    const error = m.change(action, done);
    if (error === null) this.log.warn({ address: m.address, change: action.kind }, "reader change requested");
    if (error === null && !this.current) this.schedule();
    return error;
  }

  /**
   * Gives the wire to the due reader served longest ago, or sleeps until one is due. Never nested:
   * a call made meanwhile (a notice listener queuing a command, a transport answering inside
   * `write`) is run after the turn being given, so a turn is never given twice.
   */
  private schedule(): void {
    if (!this.unsubscribe) return;
    if (this.scheduling) {
      this.again = true;
      return;
    }
    this.scheduling = true;
    try {
      do {
        this.again = false;
        if (!this.current) this.giveTurn();
      } while (this.again && this.unsubscribe);
    } finally {
      this.scheduling = false;
    }
  }

  private giveTurn(): void {
    const now = this.deps.timers.now();
    const due = this.machines
      .filter((m) => m.dueAt <= now)
      .sort((a, b) => (this.servedAt.get(a) ?? -1) - (this.servedAt.get(b) ?? -1));
    for (const m of due) {
      const bytes = m.take(now);
      if (bytes === null) continue;
      this.servedAt.set(m, now);
      this.current = { machine: m, sentAt: now };
      this.rx.reset();
      this.wait.arm(this.timing.replyTimeoutMs, () => this.expire());
      this.deps.transport.write(bytes);
      return;
    }
    const next = Math.min(...this.machines.map((m) => m.dueAt));
    if (Number.isFinite(next)) this.idle.arm(Math.max(1, next - now), () => this.schedule());
  }

  private onChunk(chunk: Uint8Array): void {
    const ex = this.current;
    if (!ex) return; // nothing awaited: stray bytes, dropped
    this.handle(ex, this.rx.push(chunk));
    if (this.current !== ex) return;
    const now = this.deps.timers.now();
    const left = ex.sentAt + this.timing.exchangeLimitMs - now;
    // Until a packet has begun the reply timeout runs on; inside one, the inter-character abort
    // (OSDP in the field: ~150 ms on buffered USB adapters).
    const gap = this.rx.pending > 0 ? this.timing.interCharacterMs : ex.sentAt + this.timing.replyTimeoutMs - now;
    this.wait.arm(Math.min(left, Math.max(gap, 0)), () => this.expire());
  }

  /** Takes the awaited reply from what the decoder found; the rest of a finished exchange is dropped. */
  private handle(ex: Exchange, results: ReaderResult[]): void {
    for (const r of results) {
      if (this.current !== ex) return;
      if (r.kind === "bad" && r.reason === "check_mismatch") ex.machine.counters.crcErrors++;
      if (r.kind !== "frame" || !r.frame.reply || r.frame.address !== ex.machine.wireAddress) continue;
      this.finish(ex, (m, now) => m.onReply(r.frame, now));
    }
  }

  /** The line went quiet: what is held is truncated; with no reply found the exchange timed out. */
  private expire(): void {
    const ex = this.current;
    if (!ex) return;
    this.handle(ex, this.rx.expire());
    if (this.current !== ex) return;
    // OSDP in the field: reset the decoder after a reply timeout, or a truncated reply corrupts the next.
    this.finish(ex, (m, now) => m.onNoReply(now));
  }

  private finish(ex: Exchange, outcome: (m: ReaderMachine, now: number) => void): void {
    this.current = null;
    this.wait.cancel();
    this.rx.reset();
    outcome(ex.machine, this.deps.timers.now());
    this.schedule();
  }
}
