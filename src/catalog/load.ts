import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { problemsFromZod, type Problem } from "../source/problems.js";
import { readYamlFile } from "../source/yaml-source.js";
import { CatalogModelSchema, type CatalogModel } from "./schema.js";

/** The device catalog: every hardware model the gateway knows, by `<vendor>/<model>`. */
export interface Catalog {
  readonly models: ReadonlyMap<string, CatalogModel>;
}

/** The catalog shipped with the gateway: `devices/` at the package root (from src/ or dist/ alike). */
export const BUILTIN_CATALOG_DIR = fileURLToPath(new URL("../../devices", import.meta.url));

/** Editors leave dot-files beside the models (swap and lock files); they are never models. */
const isHidden = (name: string): boolean => name.startsWith(".");

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !isHidden(n) && (n.endsWith(".yaml") || n.endsWith(".yml")))
    .sort()
    .map((n) => join(dir, n));
}

function vendorDirs(root: string): string[] {
  return readdirSync(root)
    .filter((n) => !isHidden(n))
    .sort()
    .map((n) => join(root, n))
    .filter((p) => statSync(p).isDirectory());
}

function loadModel(path: string, root: string, models: Map<string, CatalogModel>, problems: Problem[]): void {
  const display = join(basename(root), relative(root, path));
  const read = readYamlFile(path, display);
  problems.push(...read.problems);
  const file = read.file;
  if (file === undefined) return;
  const locate = (p: readonly PropertyKey[]) => ({ file: display, ...file.locate(p) });
  const parsed = CatalogModelSchema.safeParse(file.value);
  if (!parsed.success) {
    problems.push(...problemsFromZod(parsed.error.issues, locate));
    return;
  }
  const expected = `${basename(join(path, ".."))}/${basename(path, extname(path))}`;
  if (parsed.data.model !== expected) {
    const at = locate(["model"]);
    problems.push({ ...at, path: "model", message: `must be "${expected}", the file's place under the catalog` });
    return;
  }
  if (models.has(expected)) {
    problems.push({ ...locate(["model"]), path: "model", message: `model "${expected}" is defined twice` });
    return;
  }
  models.set(expected, parsed.data);
}

/** The files under `root` that would hold the models named `only`, as the whole catalog would read them. */
function filesOf(root: string, only: ReadonlySet<string>): string[] {
  const files: string[] = [];
  for (const name of [...only].sort()) {
    const [vendor, model, ...rest] = name.split("/");
    if (vendor === undefined || model === undefined || rest.length > 0 || isHidden(vendor) || isHidden(model)) continue;
    for (const ext of [".yaml", ".yml"]) {
      const path = join(root, vendor, `${model}${ext}`);
      if (existsSync(path)) files.push(path);
    }
  }
  return files;
}

/**
 * Load every `<vendor>/<model>.yaml` under the catalog roots, collecting every problem; with `only`,
 * just the files of those models (what a site's devices name), for a start that need not read the
 * rest of the catalog. A model `only` names that no file has is simply absent, as it would be.
 */
export function loadCatalog(roots: readonly string[] = [BUILTIN_CATALOG_DIR], only?: ReadonlySet<string>): { catalog: Catalog; problems: Problem[] } {
  const models = new Map<string, CatalogModel>();
  const problems: Problem[] = [];
  for (const root of roots) {
    let vendors: string[];
    try {
      vendors = vendorDirs(root);
    } catch (err) {
      problems.push({ file: root, line: 1, col: 1, path: "", message: `cannot read catalog: ${(err as Error).message}` });
      continue;
    }
    const files = only === undefined ? vendors.flatMap(yamlFiles) : filesOf(root, only);
    for (const path of files) loadModel(path, root, models, problems);
  }
  return { catalog: { models }, problems };
}
