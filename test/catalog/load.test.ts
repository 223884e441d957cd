import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { BUILTIN_CATALOG_DIR, loadCatalog } from "../../src/catalog/load.js";
import { CatalogModelSchema } from "../../src/catalog/schema.js";
import type { Problem } from "../../src/source/problems.js";
import { acmeHead, tempCatalogPerTest } from "../helpers/temp-catalog.js";

/** Every `<vendor>/<model>.yaml` under a catalog root, listed independently of the loader. */
function catalogFiles(root: string): { vendor: string; file: string; path: string }[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((v) =>
      readdirSync(join(root, v.name))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((file) => ({ vendor: v.name, file, path: join(root, v.name, file) })),
    );
}

describe("the shipped catalog", () => {
  const files = catalogFiles(BUILTIN_CATALOG_DIR);

  it("holds the simulated models the demo uses", () => {
    expect(files.map((f) => `${f.vendor}/${f.file}`)).toEqual(
      expect.arrayContaining(["sim/badge-reader.yaml", "sim/door-contact.yaml", "sim/strike.yaml", "sim/maglock.yaml"]),
    );
  });

  it("every model validates, matches its path, and locks (only locks) declare a fail mode", () => {
    const failures: string[] = [];
    for (const { vendor, file, path } of files) {
      const where = `${vendor}/${file}`;
      let value: unknown;
      try {
        value = parse(readFileSync(path, "utf8"));
      } catch (err) {
        failures.push(`${where}: YAML: ${(err as Error).message}`);
        continue;
      }
      const parsed = CatalogModelSchema.safeParse(value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) failures.push(`${where}: ${issue.path.join(".")}: ${issue.message}`);
        continue;
      }
      const m = parsed.data;
      const expected = `${vendor}/${file.replace(/\.ya?ml$/, "")}`;
      if (m.model !== expected) failures.push(`${where}: model is "${m.model}", expected "${expected}"`);
      if ((m.kind === "lock") !== (m.fail_mode !== undefined)) {
        failures.push(`${where}: kind ${m.kind} with fail_mode ${m.fail_mode}`);
      }
      for (const [flag, why] of Object.entries(m.quirks)) {
        if (why.trim().length === 0) failures.push(`${where}: quirk ${flag} says nothing about why`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("loads without problems and every model id is unique", () => {
    const { catalog, problems } = loadCatalog();
    expect(problems).toEqual([]);
    const ids = files.map((f) => `${f.vendor}/${f.file.replace(/\.ya?ml$/, "")}`);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(duplicates).toEqual([]);
    expect([...catalog.models.keys()].sort()).toEqual([...ids].sort());
  });
});

describe("loadCatalog: a catalog with mistakes", () => {
  const tmp = tempCatalogPerTest("gatehouse-catalog-");
  const { write } = tmp;

  function model(name: string, kind: string, extra: readonly string[] = []): string[] {
    return [...acmeHead(name, kind), "transport:", "  type: sim", ...extra];
  }

  /** The problem expected in acme/<file>, as the loader names it. */
  function at(file: string, line: number, col: number, path: string, message: string | RegExp): Problem {
    const text = typeof message === "string" ? message : (expect.stringMatching(message) as string);
    return { file: tmp.problemFile(file), line, col, path, message: text };
  }

  it("reports one problem per broken file, with file and line, and keeps the good model", () => {
    const quirk = ["quirks:", "  slow_relay: takes 200 ms to engage"];
    write("good-strike.yaml", model("good-strike", "lock", ["fail_mode: secure", ...quirk]));
    write("lock-no-fail-mode.yaml", ["# A lock that forgot its fail mode.", ...model("lock-no-fail-mode", "lock")]);
    write("misnamed.yaml", ["vendor: Acme", "model: acme/other", "name: Misnamed", "kind: reader", "transport: { type: sim }"]);
    write("teleporter.yaml", model("teleporter", "teleporter"));
    write("extra-key.yaml", model("extra-key", "reader", ["colour: red"]));
    write("broken.yaml", ["model: acme/broken", "vendor: Acme", "name: [unclosed", "kind: reader"]);
    write("notes.txt", ["not a model"]);

    const { catalog, problems } = loadCatalog([tmp.root]);

    expect([...catalog.models.keys()]).toEqual(["acme/good-strike"]);
    expect(catalog.models.get("acme/good-strike")).toEqual({
      model: "acme/good-strike",
      vendor: "Acme",
      name: "Acme good-strike",
      kind: "lock",
      transport: { type: "sim" },
      fail_mode: "secure",
      quirks: { slow_relay: "takes 200 ms to engage" },
    });
    // Files load in name order. The parser notices the unclosed list of broken.yaml where the next
    // key starts (line 4); a missing fail_mode points at the model's mapping (line 2, after the comment).
    expect(problems).toEqual([
      at("broken.yaml", 4, 1, "", /^a \[list\] or \{mapping\} is not closed: .*must be sufficiently indented and end with a \]\)$/),
      at("extra-key.yaml", 7, 1, "colour", "unknown key"),
      at("lock-no-fail-mode.yaml", 2, 1, "fail_mode", "a lock must declare fail_mode: safe or secure"),
      at("misnamed.yaml", 2, 1, "model", 'must be "acme/misnamed", the file\'s place under the catalog'),
      at("teleporter.yaml", 4, 1, "kind", /^expected one of "reader"\|"contact"/),
    ]);
  });

  it("a fail_mode on a model that is not a lock is a problem", () => {
    write("sensor.yaml", model("sensor", "contact", ["fail_mode: safe"]));
    expect(loadCatalog([tmp.root]).problems).toEqual([at("sensor.yaml", 7, 1, "fail_mode", "only locks have a fail_mode")]);
  });

  it("a serial decoder for another kind of device is a problem when the catalog loads", () => {
    write("door.yaml", [
      "model: acme/door",
      "vendor: Acme",
      "name: A contact that decodes badges",
      "kind: contact",
      "transport:",
      "  type: serial",
      "  framing: { type: delimiter, delimiters: [\"\\n\"], max_length: 80 }",
      "  decoder: { type: ascii_card, pattern: '^(?<digits>[0-9]+)$' }",
    ]);
    const { problems } = loadCatalog([tmp.root]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: expect.stringContaining("door.yaml"), path: "transport.decoder.type" });
    expect(problems[0]?.message).toMatch(/decodes for a reader, but the model is a contact/);
  });

  it("skips an editor's dot-files beside the models", () => {
    write("reader.yaml", model("reader", "reader"));
    write(".reader.yaml", ["not: [a model"]);
    const { catalog, problems } = loadCatalog([tmp.root]);
    expect(problems).toEqual([]);
    expect([...catalog.models.keys()]).toEqual(["acme/reader"]);
  });

  it("the same model under two catalog roots is defined twice", () => {
    write("reader.yaml", model("reader", "reader"));
    const { catalog, problems } = loadCatalog([tmp.root, tmp.root]);
    expect(catalog.models.size).toBe(1);
    expect(problems).toEqual([at("reader.yaml", 1, 1, "model", 'model "acme/reader" is defined twice')]);
  });
});
