import { parsePasswordHash } from "./password-hash.js";

/**
 * mosquitto's password file: one `username:hash` line per user (see password-hash.ts for the hashes),
 * as `mosquitto_passwd` and `gatehouse passwd` write it. Blank lines and `#` comments are kept as they
 * are when the file is edited.
 */

/** A line of a password file: a user's entry, or anything else (blank, comment), kept verbatim. */
export type PasswordFileLine = { readonly username: string; readonly hash: string } | { readonly text: string };

/** A usable username: mosquitto splits lines at the first `:`, and a line ends at a control character. */
const USERNAME = /^[^:\p{Cc}]{1,64}$/u;
/** A line holding one of mosquitto's hashes, which marks a file as a password file. */
const HASHED_LINE = /^[^:#]+:\$[67]\$/;

/** Whether `username` can be stored in a password file. */
export function validUsername(username: string): boolean {
  return USERNAME.test(username) && username.trim() === username;
}

/** Whether `text` is a mosquitto password file (any line holds a hash) rather than a secret on its own. */
export function isPasswordFile(text: string): boolean {
  return text.split(/\r?\n/).some((line) => HASHED_LINE.test(line));
}

/** The lines of a password file; a trailing newline does not make an empty last line. */
export function parsePasswordFile(text: string): PasswordFileLine[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines.map((line) => {
    const colon = line.indexOf(":");
    if (line.trim() === "" || line.startsWith("#") || colon < 1) return { text: line };
    return { username: line.slice(0, colon), hash: line.slice(colon + 1).trim() };
  });
}

/** The file's text: one line each, newline-terminated. */
export function renderPasswordFile(lines: readonly PasswordFileLine[]): string {
  return lines.map((l) => ("text" in l ? l.text : `${l.username}:${l.hash}`) + "\n").join("");
}

/** What the file says about one user: their encoded hash, or why it has none that can be used. */
export type UserEntry = { ok: true; hash: string } | { ok: false; reason: string; absent?: true };

/** The entry of `username` in a password file's text. */
export function userEntry(text: string, username: string): UserEntry {
  const entries = parsePasswordFile(text).filter((l): l is { username: string; hash: string } => "username" in l && l.username === username);
  const entry = entries[0];
  if (entry === undefined) return { ok: false, reason: `has no line for user ${username}`, absent: true };
  if (entries.length > 1) return { ok: false, reason: `has ${entries.length} lines for user ${username}` };
  if (parsePasswordHash(entry.hash) === undefined) {
    return { ok: false, reason: `holds no usable hash for user ${username} (expected $7$ or $6$ as mosquitto_passwd writes)` };
  }
  return { ok: true, hash: entry.hash };
}
