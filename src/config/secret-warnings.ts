import { isAbsolute, join, resolve } from "node:path";
import type { Locator, Problem } from "../source/problems.js";
import { secretFileWarning, type SecretKind } from "./data-dir.js";
import type { Path } from "./findings.js";
import type { SiteConfig } from "./schema.js";

/**
 * Secret files (passwords, TLS private keys) that the group or others may read or write: a warning at
 * the field naming each, never a reason to refuse the configuration.
 */

/** A secret file named in the configuration: the path to read, and the path the operator knows it by. */
export function secretFile(file: string, configDir: string): { path: string; shown: string } {
  return isAbsolute(file) ? { path: file, shown: file } : { path: resolve(configDir, file), shown: join(configDir, file) };
}

/** The warning at `field` when the secret file named there (if any) is open to the group or others. */
export function secretWarningAt(field: Path, file: string | undefined, kind: SecretKind, configDir: string, locate: Locator): Problem[] {
  if (file === undefined) return [];
  const { path, shown } = secretFile(file, configDir);
  const message = secretFileWarning(path, shown, kind);
  return message === undefined ? [] : [{ ...locate(field), path: field.join("."), message }];
}

/** Warnings for the private keys a site names: the broker's TLS key and the uplink's client key. */
export function keyFileWarnings(config: SiteConfig, configDir: string, locate: Locator): Problem[] {
  return [
    ...secretWarningAt(["broker", "tls", "key_file"], config.broker.tls?.key_file, "key", configDir, locate),
    ...secretWarningAt(["uplink", "tls", "key_file"], config.uplink?.tls?.key_file, "key", configDir, locate),
  ];
}
