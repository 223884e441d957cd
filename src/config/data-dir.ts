import { statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";

/**
 * Where the gateway writes: relative storage paths resolve against the data directory (`run
 * --data-dir`, /var/lib/gatehouse in the systemd unit; the config directory when none is given), so a
 * configuration copied elsewhere never writes outside it.
 */

/** The absolute storage path, or why it is refused: a path that leaves the data directory. */
export function storagePathIn(path: string, dataDir: string, explicit: boolean): { path: string } | { problem: string } {
  const root = resolve(dataDir);
  const full = isAbsolute(path) ? path : resolve(root, path);
  // An absolute path is the operator's own choice unless a data directory was named to hold everything.
  if (isAbsolute(path) && !explicit) return { path: full };
  const inside = relative(root, full);
  if (inside !== "" && !inside.startsWith("..") && !isAbsolute(inside)) return { path: full };
  const where = explicit ? `the data directory ${root}` : `the configuration directory ${root} (give a --data-dir)`;
  return { problem: `${JSON.stringify(path)} is outside ${where}; storage paths stay inside it` };
}

/** Permission bits that let the group or others read a file. */
const READABLE_BY_OTHERS = 0o044;

/** Permission bits that let the group or others write a file: replace the password with their own. */
const WRITABLE_BY_OTHERS = 0o022;

/** What a secret file holds: a password, or a TLS private key. */
export type SecretKind = "password" | "key";

/**
 * A warning naming the secret file (as `shown`, the path the operator knows it by) when its group or
 * others can read it or write it, else undefined (also when it cannot be stat'ed: reading it reports that).
 */
export function secretFileWarning(path: string, shown: string = path, kind: SecretKind = "password"): string | undefined {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return undefined;
  }
  const readable = (mode & READABLE_BY_OTHERS) !== 0;
  const writable = (mode & WRITABLE_BY_OTHERS) !== 0;
  if (!readable && !writable) return undefined;
  const octal = (mode & 0o777).toString(8).padStart(4, "0");
  const access = readable && writable ? "readable and writable" : readable ? "readable" : "writable";
  const risk = writable ? `: they may replace the ${kind} with their own` : "";
  return `${kind} file ${shown} is ${access} by group or others (mode ${octal})${risk}; chmod 600 ${shown}`;
}
