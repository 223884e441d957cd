import { createHash, pbkdf2, randomBytes, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

/**
 * Password hashes in mosquitto's password file format, so that a file written by `mosquitto_passwd`
 * works here and one written by `gatehouse passwd` works in mosquitto:
 * - `$7$<iterations>$<salt>$<hash>`: PBKDF2-HMAC-SHA512 (mosquitto 2.x, the default);
 * - `$6$<salt>$<hash>`: SHA-512 of the password followed by the salt (mosquitto 1.x).
 * Salt and hash are base64; mosquitto uses a 12-byte salt and a 64-byte hash.
 */
export type PasswordHash =
  | { readonly kind: "pbkdf2-sha512"; readonly iterations: number; readonly salt: Buffer; readonly hash: Buffer }
  | { readonly kind: "sha512"; readonly salt: Buffer; readonly hash: Buffer };

/** mosquitto_passwd's iteration count (2.x); mosquitto reads the count from each line, so any works. */
export const DEFAULT_ITERATIONS = 101;
/** Upper bound on the iterations of a hash read from a file: a typo must not cost minutes per login. */
export const MAX_ITERATIONS = 1_000_000;
const SALT_BYTES = 12;
const HASH_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** A shorter hash would make guessing cheap (an empty one would match every password). */
const MIN_HASH_BYTES = 32;

const pbkdf2Async = promisify(pbkdf2);

/** Parse an encoded hash; undefined when it is not one of mosquitto's two formats. */
export function parsePasswordHash(encoded: string): PasswordHash | undefined {
  const parts = encoded.split("$");
  if (parts[0] !== "") return undefined;
  if (parts[1] === "7" && parts.length === 5) {
    const [, , count, salt, hash] = parts as [string, string, string, string, string];
    const iterations = /^\d{1,7}$/.test(count) ? Number(count) : 0;
    if (iterations < 1 || iterations > MAX_ITERATIONS || !BASE64.test(salt) || !BASE64.test(hash)) return undefined;
    return checked({ kind: "pbkdf2-sha512", iterations, salt: Buffer.from(salt, "base64"), hash: Buffer.from(hash, "base64") });
  }
  if (parts[1] === "6" && parts.length === 4) {
    const [, , salt, hash] = parts as [string, string, string, string];
    if (!BASE64.test(salt) || !BASE64.test(hash)) return undefined;
    return checked({ kind: "sha512", salt: Buffer.from(salt, "base64"), hash: Buffer.from(hash, "base64") });
  }
  return undefined;
}

/** The hash when its salt and hash have usable lengths. */
function checked(h: PasswordHash): PasswordHash | undefined {
  return h.salt.length > 0 && h.hash.length >= MIN_HASH_BYTES && h.hash.length <= HASH_BYTES ? h : undefined;
}

/** The hash as mosquitto writes it. */
export function encodePasswordHash(h: PasswordHash): string {
  const salt = h.salt.toString("base64");
  const hash = h.hash.toString("base64");
  return h.kind === "pbkdf2-sha512" ? `$7$${h.iterations}$${salt}$${hash}` : `$6$${salt}$${hash}`;
}

/** A new PBKDF2-SHA512 hash of `password` with a random salt, as `mosquitto_passwd` makes one. */
export async function hashPassword(password: string, iterations = DEFAULT_ITERATIONS): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await pbkdf2Async(password, salt, iterations, HASH_BYTES, "sha512");
  return { kind: "pbkdf2-sha512", iterations, salt, hash };
}

/**
 * Whether `presented` is the password of `stored`. PBKDF2 runs on libuv's thread pool, off the event
 * loop that makes door decisions; the comparison is constant-time.
 */
export async function verifyPassword(stored: PasswordHash, presented: Buffer): Promise<boolean> {
  const computed =
    stored.kind === "pbkdf2-sha512"
      ? await pbkdf2Async(presented, stored.salt, stored.iterations, stored.hash.length, "sha512")
      : createHash("sha512").update(presented).update(stored.salt).digest();
  return computed.length === stored.hash.length && timingSafeEqual(computed, stored.hash);
}
