/**
 * What the control panel has told of one reader: whether it is online and whether a Secure Channel
 * session is up, each change notified once. A deliberate session restart (after a key rotation) is
 * not an outage: it goes by without an offline notice unless it fails.
 */

import type { KeyType, OsdpNotice } from "./cp-notices.js";
import type { ReaderState } from "./cp-outgoing.js";

export class ReaderReport {
  private online = false;
  private secure = false;
  private quiet = false;

  constructor(
    private readonly address: number,
    private readonly emit: (notice: OsdpNotice) => void,
  ) {}

  /** A session restart that is no outage begins; it ends online, or offline (then reported). */
  restarting(): void {
    this.quiet = true;
  }

  /** Notifies what changed with the move to `next`; true when the reader was reported offline. */
  update(next: ReaderState, secure: boolean, keyType: KeyType | null, reason: string): boolean {
    const quiet = this.quiet && next !== "offline" && next !== "id";
    this.quiet = quiet && next !== "online";
    if (this.secure !== secure) {
      this.secure = secure;
      this.emit({ type: "secure", address: this.address, secure, keyType });
    }
    if (next === "online") {
      if (!this.online) this.emit({ type: "online", address: this.address, secure, keyType });
      this.online = true;
      return false;
    }
    if (!this.online || quiet) return false;
    this.online = false;
    this.emit({ type: "offline", address: this.address, reason });
    return true;
  }
}
