/**
 * The Secure Channel policy of one reader: which key a handshake uses, when the install-mode key
 * SCBK-D is acceptable, what may travel in clear, and what a capability list without Secure
 * Channel means. Known attacks (capability downgrade, readers left in install mode, default keys)
 * all end here in an alarm, never in a quieter mode.
 */

import { Command } from "./codes.js";
import type { KeyType, OsdpAlarm } from "./cp-notices.js";
import type { SecurePolicy } from "./cp-options.js";
import { SCBK_D } from "./secure-channel.js";

/** Where the readers' keys live (the gateway's secret store); injected. */
export interface KeyStore {
  /** The reader's SCBK, or null when it has never been paired. */
  get(address: number): Uint8Array | null;
  /** Stores the key a reader acknowledged with osdp_KEYSET. */
  set(address: number, key: Uint8Array): void;
}

/** What to do after osdp_PDCAP. */
export type AfterCap = { next: "handshake" } | { next: "plaintext" } | { next: "refuse"; alarm: OsdpAlarm; detail: string };

/** The key a handshake runs on, or why none may be used. */
export type KeyChoice = { ok: true; key: Uint8Array; keyType: KeyType } | { ok: false; alarm: OsdpAlarm; detail: string };

/**
 * OSDP Verified: under Secure Channel only osdp_ID, osdp_CAP, osdp_COMSET and osdp_CHLNG go in
 * clear (osdp_SCRYPT carries its own security block and completes the handshake).
 */
const CLEAR_COMMANDS: ReadonlySet<number> = new Set([Command.ID, Command.CAP, Command.COMSET, Command.CHLNG, Command.SCRYPT]);

export class SecurityPolicy {
  /** End of the install window (steady ms), or null when closed. */
  private installUntil: number | null = null;
  /** Inside the window, the paired reader answered under SCBK-D: it was reset and is to be paired again. */
  private repair = false;

  constructor(
    readonly mode: SecurePolicy,
    private readonly address: number,
    private readonly keys: KeyStore,
  ) {}

  /** Opens the window in which SCBK-D is accepted for this reader until a key is set. */
  openInstallWindow(now: number, ms: number): void {
    this.installUntil = now + ms;
    this.repair = false;
  }

  /** Closes the install window before its time (the reader answered KEYSET in clear). */
  closeInstallWindow(): void {
    this.installUntil = null;
    this.repair = false;
  }

  /** True while the install window is open. */
  installOpen(now: number): boolean {
    return this.installUntil !== null && now < this.installUntil;
  }

  /**
   * The reader answered a handshake under SCBK-D although a key is stored. Inside the install
   * window that is the reset reader being re-paired (true: handshake again under SCBK-D); outside
   * it, an attack or a reset nobody asked for (false: refuse and alarm).
   */
  defaultKeyOffered(now: number): boolean {
    this.repair = this.installOpen(now);
    return this.repair;
  }

  /** True for a command that may be sent without a session. */
  clearAllowed(code: number): boolean {
    return this.mode === "plaintext" || CLEAR_COMMANDS.has(code);
  }

  /** OSDP 2.2 §7 osdp_PDCAP function 9: a reader that cannot do Secure Channel is refused unless plaintext was chosen. */
  afterCapabilities(supportsSc: boolean): AfterCap {
    if (this.mode === "plaintext") return { next: "plaintext" };
    if (supportsSc) return { next: "handshake" };
    return { next: "refuse", alarm: "sc_downgrade", detail: "capabilities announce no Secure Channel" };
  }

  /** The stored key, or SCBK-D inside an open install window; otherwise the reader cannot be trusted. */
  keyFor(now: number): KeyChoice {
    const stored = this.keys.get(this.address);
    const open = this.installOpen(now);
    if (stored !== null && !(open && this.repair)) return { ok: true, key: stored, keyType: "scbk" };
    if (open) return { ok: true, key: SCBK_D, keyType: "scbk_d" };
    return { ok: false, alarm: "default_key", detail: "reader not paired and no install window open" };
  }

  /** Records the key a reader acknowledged; the window closes and the reader is held to it. */
  paired(key: Uint8Array): void {
    this.keys.set(this.address, key);
    this.installUntil = null;
    this.repair = false;
  }
}
