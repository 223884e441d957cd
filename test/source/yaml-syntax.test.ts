import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { readYamlFile } from "../../src/source/yaml-source.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { tempDir } from "../helpers/temp-dir.js";

const cleanups = cleanupsAfterEach();
let root: string;
beforeEach(() => {
  root = tempDir(cleanups, "gatehouse-yaml-syntax-");
});

/** The problems of a YAML text, as `line: message`. */
function problems(text: string): string[] {
  const path = join(root, "doors.yaml");
  writeFileSync(path, text);
  return readYamlFile(path).problems.map((p) => `${p.line}: ${p.message}`);
}

const ENTRY = "doors:\n  - id: a\n    name: A\n";

describe("YAML syntax errors in plain words", () => {
  it("regression: a line indented one space too far gave three parser messages in its grammar's words", () => {
    const found = problems(`${ENTRY}  - id: b\n    name: B\n     lock: l\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^6: .*(line up with the keys above|indented more than the keys above)/);
  });

  it("says a line indented too little reads as a list item without its dash, once", () => {
    const found = problems(`${ENTRY}   lock: l\n  - id: b\n`);
    expect(found).toEqual([
      "4: this line is indented less than the keys above it: line it up with them (or start a new list item with '- ') (YAML: Sequence item without - indicator)",
    ]);
  });

  it("names a tab, an unclosed quote and an unclosed bracket", () => {
    expect(problems("doors:\n  - id: a\n\tname: A\n")[0]).toMatch(/^3: a tab indents this line/);
    expect(problems('site:\n  name: "abc\n  id: x\n')[0]).toMatch(/a quoted value is not closed/);
    expect(problems("doors:\n  - groups: [a, b\n    id: x\n")[0]).toMatch(/not closed: add its closing \] or \}/);
  });

  it("keeps two slips on different lines apart", () => {
    const found = problems(`${ENTRY}     lock: l\n  - id: b\n    name: B\n   lock: m\n`);
    expect(found.map((line) => line.split(":")[0])).toEqual(["4", "7"]);
  });
});
