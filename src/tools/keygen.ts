/**
 * `gatehouse keygen --out <prefix>`: a new Ed25519 key pair for a district operator or service.
 * `<prefix>.key` (PKCS#8 PEM, mode 0600) stays with the operator; `<prefix>.pub` (SPKI PEM) goes
 * into each site's configuration (`uplink.trusted_keys`). Existing files are never overwritten.
 */
import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { whyUnreadable } from "../util/file-errors.js";
import type { ToolIo } from "./sign-command.js";

export const KEYGEN_USAGE = "gatehouse keygen --out <prefix>   write <prefix>.key (private, 0600) and <prefix>.pub";

/** Run `gatehouse keygen` with its arguments; resolves its exit status. */
export async function runKeygen(args: string[], io: ToolIo): Promise<number> {
  let out: string | undefined;
  try {
    out = parseArgs({ args, options: { out: { type: "string" } } }).values.out;
  } catch (err) {
    io.error(`${(err as Error).message}\nusage: ${KEYGEN_USAGE}\n`);
    return 2;
  }
  if (out === undefined) {
    io.error(`--out <prefix> is required\nusage: ${KEYGEN_USAGE}\n`);
    return 2;
  }
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  try {
    // `wx`: fail rather than replace a key someone relies on.
    writeFileSync(`${out}.key`, privateKey.export({ format: "pem", type: "pkcs8" }), { flag: "wx", mode: 0o600 });
    writeFileSync(`${out}.pub`, publicKey.export({ format: "pem", type: "spki" }), { flag: "wx", mode: 0o644 });
  } catch (err) {
    const path = (err as NodeJS.ErrnoException).path ?? out;
    io.error(`gatehouse keygen: cannot write ${path}: ${whyUnreadable(err)}\n`);
    return 1;
  }
  io.write(`${out}.key: private key (keep it with the operator)\n${out}.pub: public key (uplink.trusted_keys[].public_key_file)\n`);
  return 0;
}
