import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Cleanups } from "./cleanups.js";
import { tempDir } from "./temp-dir.js";

/** The repository root, whose install files a release tree is made of. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

/** What scripts/install.sh needs of a checkout; dist/ is a stand-in, the installer copies it as it is. */
const RELEASE_PARTS = [
  "scripts/install.sh",
  "scripts/install-accounts.sh",
  "systemd",
  "devices",
  "web",
  "config/demo",
  "config/starter",
  "package.json",
  "package-lock.json",
  "README.md",
];

/** A release tree (as a tarball unpacks) and an empty prefix to install it into, both temporary. */
export interface InstallSandbox {
  readonly release: string;
  readonly prefix: string;
}

/** Makes a release tree with a stand-in dist/ and an empty prefix; removed after the test. */
export function installSandbox(cleanups: Cleanups): InstallSandbox {
  const base = tempDir(cleanups, "gatehouse-install-");
  const release = join(base, "release");
  for (const part of RELEASE_PARTS) cpSync(join(ROOT, part), join(release, part), { recursive: true });
  mkdirSync(join(release, "dist/util"), { recursive: true });
  writeFileSync(join(release, "dist/cli.js"), "console.log('gatehouse');\n");
  writeFileSync(join(release, "dist/util/helper.js"), "export const helper = 1;\n");
  return { release, prefix: join(base, "root") };
}

/** The exit status and output of one installer run. */
export interface InstallOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the release's installer into the sandbox's prefix, without npm, with the given node. */
export async function runInstall(box: InstallSandbox, node = process.execPath): Promise<InstallOutcome> {
  const script = join(box.release, "scripts/install.sh");
  try {
    const { stdout, stderr } = await run("bash", [script, "--prefix", box.prefix, "--skip-npm", "--node", node]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** Every file and directory under a root, by relative path: content hash (files), mode and mtime. */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const st = statSync(path);
      const hash = entry.isFile() ? createHash("sha256").update(readFileSync(path)).digest("hex") : "dir";
      out.set(relative(root, path), `${hash} ${st.mode.toString(8)} ${st.mtimeMs}`);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(root);
  return out;
}

/** The permission bits of a path as octal text ("750"). */
export function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8);
}
