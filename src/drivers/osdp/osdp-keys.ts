import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KeyStore } from "./cp-policy.js";
import type { Logger } from "../../util/log.js";

/** Where the readers' keys live under the data directory. */
export const OSDP_KEY_DIR = "osdp-keys";

/** A key file holds the 16-byte SCBK as 32 hex digits and a line end. */
const KEY_TEXT = /^[0-9a-f]{32}\n?$/;

/**
 * The readers' Secure Channel keys (SCBK), one file per reader named by its device id, in a
 * directory only the gateway's user may enter (0700), each file readable by it alone (0600). A key
 * is written once the reader acknowledged osdp_KEYSET, through a temporary file and a rename, so a
 * power cut leaves the old key or the new one, never half of one. No key, whole or in part, is ever
 * logged: the lines say which reader and what went wrong.
 */
export class FileKeyStore implements KeyStore {
  constructor(
    private readonly dir: string,
    /** The device id of the reader at an address on this bus, or null for an address not configured. */
    private readonly idOf: (address: number) => string | null,
    private readonly log: Logger,
  ) {}

  get(address: number): Uint8Array | null {
    const path = this.pathOf(address);
    if (path === null) return null;
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") this.log.error({ address, code }, "reader key unreadable");
      return null;
    }
    if (!KEY_TEXT.test(text)) {
      this.log.error({ address }, "reader key file malformed");
      return null;
    }
    this.checkMode(path, address);
    return Uint8Array.from(Buffer.from(text.slice(0, 32), "hex"));
  }

  set(address: number, key: Uint8Array): void {
    const path = this.pathOf(address);
    if (path === null || key.length !== 16) return;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, `${Buffer.from(key).toString("hex")}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
    this.log.info({ address }, "reader key stored");
  }

  private pathOf(address: number): string | null {
    const id = this.idOf(address);
    return id === null ? null : join(this.dir, `${id}.scbk`);
  }

  /** A key others can read is no secret: said once per read, with the fix. */
  private checkMode(path: string, address: number): void {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) this.log.warn({ address, mode: mode.toString(8) }, "reader key file readable by others; chmod 600");
  }
}
