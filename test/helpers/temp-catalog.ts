import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeEach } from "vitest";
import { cleanupsAfterEach } from "./cleanups.js";
import { tempDir } from "./temp-dir.js";

/** The one vendor folder a temporary catalog holds. */
const VENDOR = "acme";

/** A catalog root in a temp dir with an `acme` vendor folder, fresh for every test. */
export interface TempCatalog {
  /** The root of the current test's catalog. */
  readonly root: string;
  /** Writes `acme/<file>`, one line per entry. */
  write(file: string, lines: readonly string[]): void;
  /** `acme/<file>` as the loader names it in a problem. */
  problemFile(file: string): string;
}

/** The header lines of an Acme model: id, vendor, name and kind. */
export function acmeHead(name: string, kind: string): string[] {
  return [`model: ${VENDOR}/${name}`, "vendor: Acme", `name: Acme ${name}`, `kind: ${kind}`];
}

/** Makes the catalog before each test of the calling describe (temp dir named from `prefix`) and removes it after. */
export function tempCatalogPerTest(prefix: string): TempCatalog {
  const cleanups = cleanupsAfterEach();
  let root = "";
  beforeEach(() => {
    root = tempDir(cleanups, prefix);
    mkdirSync(join(root, VENDOR));
  });
  return {
    get root(): string {
      return root;
    },
    write: (file, lines) => writeFileSync(join(root, VENDOR, file), `${lines.join("\n")}\n`),
    problemFile: (file) => join(basename(root), VENDOR, file),
  };
}
