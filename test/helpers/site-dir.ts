import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Cleanups } from "./cleanups.js";
import { tempDir } from "./temp-dir.js";

/** The smallest valid `site` section. */
export const SITE_YAML = "site:\n  id: lincoln-es\n  name: Lincoln\n  timezone: America/Chicago\n";

/** A file of a configuration directory: its text, and its mode (secrets default to 0600). */
export type SiteFile = string | { readonly text: string; readonly mode: number };

/**
 * A throw-away configuration directory holding `site.yaml` (the minimal site followed by `yaml`) and
 * the other files given by relative path; files under `secrets/` are made owner-only unless a mode is
 * given, so that only the tests about permissions see permission warnings.
 */
export function siteDir(cleanups: Cleanups, yaml: string, files: Readonly<Record<string, SiteFile>> = {}): string {
  const dir = tempDir(cleanups, "gatehouse-site-");
  writeFileSync(join(dir, "site.yaml"), `${SITE_YAML}${yaml}`);
  for (const [name, file] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof file === "string" ? file : file.text);
    const mode = typeof file === "string" ? (name.startsWith("secrets/") ? 0o600 : undefined) : file.mode;
    if (mode !== undefined) chmodSync(path, mode);
  }
  return dir;
}
