import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { GatewayError } from "../util/errors.js";
import { whyUnreadable } from "../util/file-errors.js";

/**
 * Read a secret from a file (first line, trimmed); never from YAML, so config files can be shared and
 * committed while secrets stay in root-only files. Throws GatewayError("CONFIG_READ") naming the file
 * and why when it is unreadable or its first line is empty.
 */
export function readSecretFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new GatewayError("CONFIG_READ", `cannot read secret file ${path}: ${whyUnreadable(err)}`, { cause: err });
  }
  const secret = (text.split(/\r?\n/, 1)[0] ?? "").trim();
  if (secret === "") throw new GatewayError("CONFIG_READ", `secret file ${path} is empty`);
  return secret;
}

/**
 * Constant-time comparison of a presented password with the expected one. Both sides are hashed first
 * so the comparison time does not reveal the expected length either. An empty expected password never
 * matches, nor does a missing presented one.
 */
export function passwordMatches(expected: string, presented: Buffer | string | undefined): boolean {
  const given = presented === undefined ? Buffer.alloc(0) : Buffer.from(presented);
  const equal = timingSafeEqual(digest(Buffer.from(expected, "utf8")), digest(given));
  return equal && expected !== "" && presented !== undefined;
}

/** SHA-256 of a buffer: a fixed-length value that `timingSafeEqual` can compare. */
function digest(value: Buffer): Buffer {
  return createHash("sha256").update(value).digest();
}
