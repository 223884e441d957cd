/**
 * Ed25519 keys of district operators, read from files: PEM (SPKI public, PKCS#8 private, as
 * `openssl genpkey -algorithm ed25519` and `gatehouse keygen` write them) or the raw 32-byte key in
 * base64 on one line (as some key stores export it).
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4); the 32 key bytes follow. */
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
/** DER prefix of an Ed25519 PKCS#8 PrivateKeyInfo (RFC 8410 §7); the 32-byte seed follows. */
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
/** Length of a raw Ed25519 key. */
const RAW_KEY_BYTES = 32;

/** The 32 bytes of a raw key written as base64 on one line, or null when `text` is not one. */
function rawKey(text: string): Buffer | null {
  const line = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(line)) return null;
  const bytes = Buffer.from(line, "base64");
  return bytes.length === RAW_KEY_BYTES ? bytes : null;
}

function mustBeEd25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`not an Ed25519 key (${key.asymmetricKeyType ?? "symmetric"})`);
  return key;
}

/** An Ed25519 public key from a file's text; throws with a short reason when it is none. */
export function parsePublicKey(text: string): KeyObject {
  const raw = rawKey(text);
  if (raw !== null) return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: "der", type: "spki" });
  if (!text.includes("-----BEGIN")) throw new Error("neither a PEM key nor a base64 raw Ed25519 key");
  // A private key would do (its public half is derived), but it has no business on a gateway.
  if (text.includes("PRIVATE KEY")) throw new Error("a private key: give the gateway the public key only");
  return mustBeEd25519(createPublicKey(text));
}

/** An Ed25519 private key from a file's text; throws with a short reason when it is none. */
export function parsePrivateKey(text: string): KeyObject {
  const raw = rawKey(text);
  if (raw !== null) return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: "der", type: "pkcs8" });
  if (!text.includes("-----BEGIN")) throw new Error("neither a PEM key nor a base64 raw Ed25519 key");
  const key = createPrivateKey(text);
  if (key.type !== "private") throw new Error("not a private key");
  return mustBeEd25519(key);
}
