import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUILTIN_CATALOG_DIR, loadCatalog } from "../../src/catalog/load.js";
import { loadSite, type LoadResult } from "../../src/config/load-site.js";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import { acmeHead, tempCatalogPerTest } from "../helpers/temp-catalog.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DEMO = join(ROOT, "config", "demo");
const DATA = join(ROOT, "var", "demo");

function loaded(result: LoadResult): RuntimeModel {
  if (!result.ok) throw new Error(`expected the config to load, got:\n${JSON.stringify(result.problems, null, 2)}`);
  return result.model;
}

describe("a start reads only the catalog models its site's devices name", () => {
  const tmp = tempCatalogPerTest("gatehouse-used-models-");

  it("loadCatalog with `only` reads just those models' files, and nothing of the others", () => {
    tmp.write("reader.yaml", [...acmeHead("reader", "reader"), "transport: { type: sim }"]);
    tmp.write("broken.yaml", ["model: acme/broken", "name: [unclosed"]);
    const all = loadCatalog([tmp.root]);
    expect(all.problems).not.toEqual([]);
    const used = loadCatalog([tmp.root], new Set(["acme/reader", "acme/absent"]));
    expect(used.problems).toEqual([]);
    expect([...used.catalog.models.keys()]).toEqual(["acme/reader"]);
    expect(used.catalog.models.get("acme/reader")).toEqual(all.catalog.models.get("acme/reader"));
  });

  it("still reports a model file that does not match its place, and a model defined twice", () => {
    tmp.write("reader.yaml", ["vendor: Acme", "model: acme/other", "name: Misnamed", "kind: reader", "transport: { type: sim }"]);
    tmp.write("strike.yaml", [...acmeHead("strike", "lock"), "fail_mode: secure", "transport: { type: sim }"]);
    const only = new Set(["acme/reader", "acme/strike"]);
    expect(loadCatalog([tmp.root], only).problems).toEqual(loadCatalog([tmp.root]).problems);
    const twice = loadCatalog([tmp.root, tmp.root], new Set(["acme/strike"]));
    expect(twice.problems.map((p) => p.message)).toEqual(['model "acme/strike" is defined twice']);
  });

  it("the demo loads the same with its models only as with the whole catalog", () => {
    const all = loaded(loadSite({ configDir: DEMO, dataDir: DATA }));
    const used = loaded(loadSite({ configDir: DEMO, dataDir: DATA, catalogModels: "used" }));
    expect(used.configHash).toBe(all.configHash);
    expect([...used.devices]).toEqual([...all.devices]);
  });

  it("a broken model no device uses stops `check` but not a start", () => {
    tmp.write("broken.yaml", ["model: acme/broken", "name: [unclosed"]);
    const catalogDirs = [BUILTIN_CATALOG_DIR, tmp.root];
    expect(loadSite({ configDir: DEMO, dataDir: DATA, catalogDirs }).ok).toBe(false);
    expect(loaded(loadSite({ configDir: DEMO, dataDir: DATA, catalogDirs, catalogModels: "used" })).devices.size).toBe(30);
  });

  it("a site that does not load reports exactly the problems the whole catalog gives (suggestions too)", () => {
    const dir = join(ROOT, "test", "fixtures", "config", "three-reference-mistakes");
    const all = loadSite({ configDir: dir });
    expect(all.ok).toBe(false);
    expect(loadSite({ configDir: dir, catalogModels: "used" })).toEqual(all);
  });
});
