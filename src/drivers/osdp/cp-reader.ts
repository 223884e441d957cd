/**
 * One reader as the control panel drives it, after libosdp's `osdp_cp.c`: explicit states, where
 * each goes on success and on error, and every side effect of a state change in `setState`, which
 * logs one line. ID → CAP → (policy) CHLNG → SCRYPT [→ KEYSET → CHLNG] → ONLINE (poll loop). The bus
 * gives the reader the wire (`dueAt`, `take`) and hands back what came of it (`onReply`, `onNoReply`).
 */

import { backoffDelay, type BackoffPolicy } from "../../util/backoff.js";
import type { Logger } from "../../util/log.js";
import { supportsSecureChannel } from "./capabilities.js";
import { controlCommand, judgeControl, type ControlAction, type ControlExchange, type ControlOutcome } from "./cp-control.js";
import { NO_HANDSHAKE, type Handshake, type HandshakeError } from "./cp-handshake.js";
import { ReaderLink, type LinkError } from "./cp-link.js";
import { zeroCounters, type KeyType, type OsdpAlarm, type OsdpNotice, type ReaderCommand, type ReaderCounters } from "./cp-notices.js";
import { pollNotice } from "./cp-online.js";
import { commandFor, type Pending, type ReaderState } from "./cp-outgoing.js";
import { FLOW, flowOf } from "./cp-flow.js";
import { handshakeVerdict, keysetUse, linkVerdict, type Verdict } from "./cp-failures.js";
import { ReaderReport } from "./cp-report.js";
import { ReaderQueue } from "./cp-turn-queue.js";
import type { CpTiming, ReaderConfig } from "./cp-options.js";
import { SecurityPolicy, type KeyStore } from "./cp-policy.js";
import { ReaderAlarms } from "./reader-alarms.js";
import type { Frame } from "./frame.js";
import { decodeReply, type OsdpReply } from "./replies.js";
import { OneTimer, type OsdpTimers } from "./transport.js";

/** What the machine needs from outside. */
export interface ReaderDeps {
  timers: OsdpTimers;
  log: Logger;
  keys: KeyStore;
  random: (n: number) => Uint8Array;
  emit: (notice: OsdpNotice) => void;
  timing: CpTiming;
}

export class ReaderMachine {
  readonly address: number;
  readonly counters: ReaderCounters = zeroCounters();
  private state: ReaderState = "offline";
  private readonly link: ReaderLink;
  readonly policy: SecurityPolicy;
  private readonly alarms: ReaderAlarms;
  private readonly liveness: OneTimer;
  private readonly log: Logger;
  private pending: Pending | null = null;
  private readyAt = 0;
  /** Failed attempts since the last healthy session: the backoff's exponent. */
  private attempts = 0;
  private readonly backoff: BackoffPolicy;
  private handshake: Handshake | null = null;
  private keyType: KeyType | null = null;
  private readonly report: ReaderReport;
  private readonly queue = new ReaderQueue();

  constructor(
    config: ReaderConfig,
    private readonly deps: ReaderDeps,
  ) {
    this.address = config.address;
    this.link = new ReaderLink(config.address);
    this.policy = new SecurityPolicy(config.secure ?? "required", config.address, deps.keys);
    this.liveness = new OneTimer(deps.timers);
    this.log = deps.log.child({ address: config.address });
    this.report = new ReaderReport(config.address, deps.emit);
    this.alarms = new ReaderAlarms(config.address, deps.timing.alarmIntervalMs, this.log, deps.emit);
    // No jitter: the readers of one bus take turns on the wire anyway, so they cannot retry in step.
    this.backoff = { minMs: deps.timing.backoffMinMs, maxMs: deps.timing.backoffMaxMs, jitter: 0 };
    // Install mode pairs a reader once: with a key stored, re-pairing is a deliberate `openInstallWindow`.
    if (this.policy.mode === "install" && deps.keys.get(config.address) === null) {
      this.policy.openInstallWindow(deps.timers.now(), deps.timing.installWindowMs);
    }
  }

  get current(): ReaderState {
    return this.state;
  }

  /** Steady time from which the reader wants the bus. */
  get dueAt(): number {
    const queued = this.state === "online" && this.pending === null && this.queue.waiting;
    return queued ? 0 : this.readyAt;
  }

  /** Checks, encodes and queues an output command for the next turn; the error when it cannot. */
  enqueue(c: ReaderCommand): string | null {
    return this.queue.enqueue(c);
  }

  /** Starts a change of the reader (cp-control.ts) at its next turn; the error when it cannot. */
  change(action: ControlAction, done: (outcome: ControlOutcome) => void): string | null {
    if (this.state !== "online") return "reader not online";
    if (action.kind === "rekey" && (!this.link.secure || this.keyType !== "scbk")) return "reader has no Secure Channel session under its own key";
    const enc = controlCommand(action);
    if (!enc.ok) return enc.error;
    return this.queue.control.offer({ action, command: enc.command, done });
  }

  /** The address the reader answers at now (its configured one until a COMSET moved it). */
  get wireAddress(): number {
    return this.link.address;
  }

  stop(): void {
    this.liveness.cancel();
    this.queue.control.settle({ ok: false, error: "no_answer", detail: "panel stopped" });
  }

  /** The packet to send now, or null when there is nothing to send. */
  take(now: number): Uint8Array | null {
    if (now < this.dueAt) return null;
    if (this.pending !== null) {
      // A resend keeps its bytes and sequence number, so the device can repeat a lost reply.
      this.pending.tries++;
      this.pending.sentAt = now;
      this.counters.retries++;
    } else {
      if (this.state === "offline") this.setState("id", "connecting");
      this.pending = this.prepare(now);
    }
    if (this.pending !== null) this.counters.packets++;
    return this.pending?.bytes ?? null;
  }

  /** A reply addressed from this reader arrived for the outstanding command. */
  onReply(frame: Frame, now: number): void {
    const p = this.pending;
    if (p === null) return;
    const r = this.link.open(frame, p.sequence);
    if (r.kind === "busy") {
      // OSDP 2.2 §7 osdp_BUSY: the same command again, after one poll interval.
      this.readyAt = now + this.deps.timing.pollIntervalMs;
      return;
    }
    if (r.kind === "error") return this.linkFailure(r.error, p);
    const decoded = decodeReply(r.code, r.data);
    if (!decoded.ok) return this.setState(flowOf(this.state).error, `undecodable reply (${decoded.error})`);
    this.pending = null;
    if (this.state === "online") this.armLiveness();
    if (p.control) return this.onControlReply(p, p.control, decoded.reply);
    if (decoded.reply.type === "nak") return this.onNak(p, decoded.reply);
    this.onSuccess(p, decoded.reply, r.scb, now);
  }

  /** The reply did not come (reply timeout, or the reply broke off). */
  onNoReply(now: number): void {
    const p = this.pending;
    if (p === null) return;
    this.counters.timeouts++;
    if (p.control && p.tries >= this.deps.timing.retries) {
      this.pending = null; // given up: the reader is polled again, its liveness decides the rest
      this.readyAt = now + this.deps.timing.retryDelayMs;
      return this.queue.control.settle({ ok: false, error: "no_answer", detail: `no reply after ${p.tries + 1} tries` });
    }
    // Online, the liveness timer decides when the reader is gone; before that, the retry count.
    if (this.state === "online" || p.tries < this.deps.timing.retries) this.readyAt = now + this.deps.timing.retryDelayMs;
    else this.setState("offline", "no reply");
  }

  private prepare(now: number): Pending | null {
    const { control, queued } = this.state === "online" ? this.queue.next() : { control: null, queued: null };
    const ctx = { now, policy: this.policy, random: this.deps.random, handshake: this.handshake, queued, control: control?.command ?? null };
    const out = commandFor(this.state, ctx);
    if (!out.ok) return out.alarm ? this.refuse(out.alarm, out.detail) : this.fail(out.detail);
    if (out.handshake) this.handshake = out.handshake;
    // Never in clear what must go under Secure Channel: a programming error here is not a fallback.
    if (!this.link.secure && !this.policy.clearAllowed(out.command.code)) return this.fail("command would go in clear");
    const built = this.link.build(out.command, out.scb);
    if (!built.ok) return this.fail(built.error);
    return { bytes: built.bytes, sequence: built.sequence, sentAt: now, tries: 0, command: queued, control, newKey: out.newKey };
  }

  private onSuccess(p: Pending, reply: OsdpReply, scb: Uint8Array | null, now: number): void {
    switch (this.state) {
      case "id":
        if (reply.type !== "pdid") return void this.fail(`${reply.type} to ID`);
        this.log.info({ vendor: reply.vendor, model: reply.model, firmware: reply.firmware }, "reader identified");
        return this.setState(FLOW.id.ok, "identified");
      case "cap": {
        if (reply.type !== "pdcap") return void this.fail(`${reply.type} to CAP`);
        const d = this.policy.afterCapabilities(supportsSecureChannel(reply.capabilities));
        if (d.next === "refuse") return void this.refuse(d.alarm, d.detail);
        return this.setState(d.next === "plaintext" ? "online" : FLOW.cap.ok, "capabilities read");
      }
      case "chlng": {
        const r = this.handshake?.onClientCrypt(reply, scb) ?? NO_HANDSHAKE;
        return r.ok ? this.setState(FLOW.chlng.ok, "client cryptogram checked") : this.handshakeFailed(r.error);
      }
      case "scrypt": {
        const r = this.handshake?.onInitialMac(reply, scb) ?? NO_HANDSHAKE;
        if (!r.ok || !this.handshake) return this.handshakeFailed(r.ok ? "bad_reply" : r.error);
        this.link.establish(r.session);
        this.keyType = this.handshake.keyType;
        return this.setState(this.keyType === "scbk_d" ? "keyset" : FLOW.scrypt.ok, "secure channel up");
      }
      case "keyset":
        if (reply.type !== "ack" || p.newKey === null) return void this.fail(`${reply.type} to KEYSET`);
        this.policy.paired(p.newKey);
        this.deps.emit({ type: "paired", address: this.address });
        return this.setState(FLOW.keyset.ok, "key set");
      case "online": {
        this.attempts = 0; // a valid reply in the poll loop: the session is healthy
        if (p.command) this.deps.emit({ type: "command", address: this.address, command: p.command.kind, ok: true });
        const notice = p.command ? null : pollNotice(this.address, reply);
        if (notice) this.deps.emit(notice);
        this.readyAt = Math.max(now, p.sentAt + this.deps.timing.pollIntervalMs);
        return;
      }
    }
  }

  /** A change's reply: a key acknowledged under Secure Channel is stored, COMSET followed once confirmed. */
  private onControlReply(p: Pending, x: ControlExchange, reply: OsdpReply): void {
    this.readyAt = p.sentAt + this.deps.timing.pollIntervalMs;
    const outcome = judgeControl(x.action, reply);
    if (reply.type === "nak") this.counters.naks++;
    if (outcome.ok && x.action.kind === "comset") this.link.moveTo(x.action.address);
    if (outcome.ok && x.action.kind === "rekey") this.policy.paired(x.action.key);
    this.queue.control.settle(outcome);
    if (!outcome.ok || x.action.kind !== "rekey") return;
    this.report.restarting();
    this.setState("chlng", "key rotated");
  }

  private onNak(p: Pending, reply: Extract<OsdpReply, { type: "nak" }>): void {
    this.counters.naks++;
    const session = reply.reason === "security_block_unsupported" || reply.reason === "security_conditions";
    if (this.state === "online" && p.command && reply.reason !== "sequence_number" && !session) {
      this.deps.emit({ type: "command", address: this.address, command: p.command.kind, ok: false, reason: reply.reason });
      this.readyAt = p.sentAt + this.deps.timing.pollIntervalMs;
      return;
    }
    if (this.state === "chlng" || this.state === "scrypt") {
      this.counters.scFailures++;
      return void this.refuse("sc_downgrade", `handshake refused (${reply.reason})`);
    }
    this.setState(flowOf(this.state).error, `NAK ${reply.reason}`);
  }

  private linkFailure(error: LinkError, p: Pending): void {
    this.apply(linkVerdict(error, this.state, keysetUse(p)));
  }

  private handshakeFailed(error: HandshakeError): void {
    this.apply(handshakeVerdict(error, error === "default_key_offered" && this.policy.defaultKeyOffered(this.deps.timers.now())));
  }

  private apply(v: Verdict): void {
    if (v.scFailure) this.counters.scFailures++;
    for (const [alarm, detail] of v.alarms) this.raise(alarm, detail);
    if (v.closeWindow) this.policy.closeInstallWindow();
    if (v.control) this.queue.control.settle(v.control);
    this.setState(v.next, v.reason);
  }

  /** A reader the policy cannot trust: alarm, and offline until it talks as it was paired to. */
  private refuse(alarm: OsdpAlarm, detail: string): null {
    this.raise(alarm, detail);
    this.setState("offline", detail);
    return null;
  }

  private fail(reason: string): null {
    this.setState(flowOf(this.state).error, reason);
    return null;
  }

  private raise(alarm: OsdpAlarm, detail: string): void {
    this.alarms.raise(alarm, detail, this.deps.timers.now());
  }

  private armLiveness(): void {
    const ms = this.deps.timing.offlineAfterMs;
    this.liveness.arm(ms, () => this.setState("offline", `no valid reply for ${ms} ms`));
  }

  /** Every side effect of a state change, and its one log line. */
  private setState(next: ReaderState, reason: string): void {
    const now = this.deps.timers.now();
    this.log.info({ from: this.state, to: next, reason }, "reader state");
    if (next !== "online") this.queue.control.settle({ ok: false, error: "no_answer", detail: reason });
    this.state = next;
    this.pending = null;
    if (next === "chlng") this.link.dropSession();
    if (next === "id" || next === "offline") {
      this.link.reset(); // OSDP 2.2 §5: start again at sequence 0
      this.handshake = null;
    }
    if (!this.link.secure) this.keyType = null;
    const wentOffline = this.report.update(next, this.link.secure, this.keyType, reason);
    if (next === "online") this.armLiveness();
    if (wentOffline) this.liveness.cancel();
    this.readyAt = now;
    // Capped exponential backoff (0.5, 1, 2, 4, 8 s by default), reset by a healthy session only.
    if (next === "offline") this.readyAt = now + backoffDelay(this.attempts++, this.backoff);
  }
}
