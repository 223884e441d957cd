import { pbkdf2Sync, randomBytes } from "node:crypto";
import { DEFAULT_ITERATIONS, encodePasswordHash } from "../../src/bus/password-hash.js";

/**
 * A mosquitto password file holding `username` with `password` ($7$ PBKDF2-SHA512, as
 * `mosquitto_passwd` writes it): what a site outside the demo keeps, made without a child process.
 */
export function hashedPasswordFile(username: string, password: string): string {
  const salt = randomBytes(12);
  const hash = pbkdf2Sync(password, salt, DEFAULT_ITERATIONS, 64, "sha512");
  return `${username}:${encodePasswordHash({ kind: "pbkdf2-sha512", iterations: DEFAULT_ITERATIONS, salt, hash })}\n`;
}
