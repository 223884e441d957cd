import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DistrictRole } from "../../src/bus/district-roles.js";
import { signCommand, type CommandSigner } from "../../src/bus/signed-command.js";
import type { DistrictCommandPolicy } from "../../src/config/schema-district-keys.js";

/** A district operator's key pair, as `gatehouse keygen` would make it. */
export interface OperatorKey {
  readonly id: string;
  readonly role: DistrictRole;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  /** The signer of an operator using this key. */
  signer(operator: string): CommandSigner;
}

/** A fresh Ed25519 key pair for `id` in `role`. */
export function operatorKey(id: string, role: DistrictRole): OperatorKey {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return { id, role, publicKey, privateKey, signer: (operator) => ({ keyId: id, operator, privateKey }) };
}

/** The command rights of a site that trusts `keys` and requires signatures. */
export function signedPolicy(keys: readonly OperatorKey[], windowMs = 120_000): DistrictCommandPolicy {
  return { trustedKeys: keys.map((k) => ({ id: k.id, role: k.role, key: k.publicKey })), requireSigned: true, windowMs };
}

/** Write the public key to `dir/<name>` as PEM, or as the raw 32 bytes in base64; returns the path. */
export function writePublicKey(key: OperatorKey, dir: string, name: string, form: "pem" | "raw" = "pem"): string {
  const path = join(dir, name);
  const text =
    form === "pem"
      ? (key.publicKey.export({ format: "pem", type: "spki" }) as string)
      : `${(key.publicKey.export({ format: "der", type: "spki" }) as Buffer).subarray(-32).toString("base64")}\n`;
  writeFileSync(path, text);
  return path;
}

/** The payload of request `name` for `site` signed by `signer` (`body` is the request object, as JSON). */
export function signedRequest(signer: CommandSigner, site: string, name: string, body: Record<string, unknown>, issuedAt?: number, id?: string): Buffer {
  return signCommand(signer, `gatehouse/${site}/request/${name}`, Buffer.from(JSON.stringify(body)), issuedAt, id);
}
