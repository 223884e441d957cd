/**
 * The packet layer of one reader seen from the control panel: the sequence number, the Secure
 * Channel session when one is up, building commands and opening replies. No timers and no I/O.
 */

import { scsHasMac } from "./codes.js";
import type { OsdpCommand } from "./commands.js";
import { buildFrame, type BuildResult, type Frame, type Sequence } from "./frame.js";
import type { SecureSession } from "./secure-session.js";
import { checkReplySequence, nextSequence } from "./sequence.js";

/** Why a reply was refused before its contents were looked at. */
export type LinkError =
  /** Not the number of the command it answers (a stale or replayed reply). */
  | "sequence"
  /** In clear while a session is up: never accepted, never a silent fallback. */
  | "plaintext_in_session"
  /** A MAC-protected reply while no session is up. */
  | "unexpected_secure"
  | "bad_mac"
  | "wrong_block_type"
  | "not_block_aligned"
  | "bad_padding";

/** An opened reply. */
export type LinkReply =
  | { kind: "reply"; code: number; data: Uint8Array; scb: Uint8Array | null }
  /** OSDP 2.2 §7 osdp_BUSY: send the same command again. */
  | { kind: "busy" }
  | { kind: "error"; error: LinkError };

/** A built command with the sequence number it carries. */
export type LinkPacket = { ok: true; bytes: Uint8Array; sequence: Sequence } | { ok: false; error: string };

export class ReaderLink {
  private last: Sequence | null = null;
  private session: SecureSession | null = null;

  constructor(private at: number) {}

  /** The address commands go to and replies come from. */
  get address(): number {
    return this.at;
  }

  /** OSDP 2.2 §6 osdp_COMSET: the reader confirmed a new address; the session and sequence go on. */
  moveTo(address: number): void {
    this.at = address;
  }

  /** True while a Secure Channel session is up. */
  get secure(): boolean {
    return this.session !== null;
  }

  /** OSDP 2.2 §5: the next command carries sequence 0, telling the device to forget its state. */
  reset(): void {
    this.last = null;
    this.session = null;
  }

  establish(session: SecureSession): void {
    this.session = session;
  }

  dropSession(): void {
    this.session = null;
  }

  /** Builds the next command: sealed under the session, else in clear with an optional handshake block. */
  build(command: OsdpCommand, scb: Uint8Array | null = null): LinkPacket {
    const sequence = nextSequence(this.last);
    const spec = { address: this.address, reply: false, sequence, code: command.code, data: command.data };
    const built: BuildResult = this.session ? this.session.seal("command", spec) : buildFrame({ ...spec, scb });
    if (!built.ok) return built;
    this.last = sequence;
    return { ok: true, bytes: built.bytes, sequence };
  }

  /** Checks a reply against the command it answers (sequence, then MAC) and yields its clear data. */
  open(frame: Frame, sent: Sequence): LinkReply {
    const seq = checkReplySequence(sent, frame);
    if (!seq.ok) return { kind: "error", error: "sequence" };
    if (seq.busy) return { kind: "busy" };
    if (this.session) {
      const opened = this.session.open("reply", frame);
      if (opened.ok) return { kind: "reply", code: opened.code, data: opened.data, scb: frame.scb };
      return { kind: "error", error: opened.error === "not_secure" ? "plaintext_in_session" : opened.error };
    }
    if (frame.scb && scsHasMac(frame.scb[1] ?? 0)) return { kind: "error", error: "unexpected_secure" };
    return { kind: "reply", code: frame.code, data: frame.data, scb: frame.scb };
  }
}
