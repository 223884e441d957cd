import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { whyUnreadable } from "../util/file-errors.js";
import type { Problem } from "./problems.js";

/** Where a problem with a file or directory as a whole is placed. */
export const FILE_START = { line: 1, col: 1 } as const;

/**
 * The configuration files of a directory, in code-unit order: every *.yaml and *.yml, dot-files
 * aside; a directory that cannot be read, or holds none, is a problem said in words.
 */
export function listYamlFiles(dir: string, dirName: string, problems: Problem[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n) && !n.startsWith("."));
  } catch (err) {
    const hint = (err as NodeJS.ErrnoException).code === "ENOTDIR" ? ": give the directory that holds the site's *.yaml files" : "";
    problems.push({ file: dirName, ...FILE_START, path: "", message: `cannot read configuration directory: ${whyUnreadable(err)}${hint}` });
    return [];
  }
  // Code-unit order, not the locale's: the merge order must be the same on every machine.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files = names.filter((n) => isFile(join(dir, n)));
  const message = "no .yaml or .yml files in the configuration directory";
  if (files.length === 0) problems.push({ file: dirName, ...FILE_START, path: "", message });
  return files;
}

/** An entry that cannot be stat'ed (dangling or looping symlink) counts as a file, so that readYamlFile reports it. */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return true;
  }
}
