/**
 * The control panel on one multidrop bus: several readers share a transport, one command is
 * outstanding at a time, and each reader gets the wire in turn when it is due. A reader that does
 * not answer costs one reply timeout per retry delay, never the others' sessions: every reader
 * keeps its own state, sequence and Secure Channel session.
 */

import { randomBytes } from "node:crypto";
import { GatewayError } from "../../util/errors.js";
import type { Logger } from "../../util/log.js";
import type { OsdpNotice, ReaderCommand, ReaderCounters } from "./cp-notices.js";
import { readersError, resolveTiming, type CpOptions, type CpTiming, type ReaderConfig } from "./cp-options.js";
import type { KeyStore } from "./cp-policy.js";
import type { ReaderState } from "./cp-outgoing.js";
import { ReaderMachine } from "./cp-reader.js";
import { FrameReader, type ReaderResult } from "./frame-reader.js";
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
      if (r.kind !== "frame" || !r.frame.reply || r.frame.address !== ex.machine.address) continue;
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
