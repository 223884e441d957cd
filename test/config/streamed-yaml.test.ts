import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadCatalog } from "../../src/catalog/load.js";
import { checkSections } from "../../src/config/check-sections.js";
import { compileSite } from "../../src/config/compile.js";
import { loadSite } from "../../src/config/load-site.js";
import { formatProblem } from "../../src/source/problems.js";
import { readTextFile, textPieces } from "../../src/source/text-file.js";
import { PARSE_OPTIONS } from "../../src/source/yaml-options.js";
import { readYamlFile } from "../../src/source/yaml-source.js";

const DEMO = fileURLToPath(new URL("../../config/demo", import.meta.url));
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-streamed-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Student `i` as six lines of a people.yaml list, with `role` and `group` as given. */
function student(i: number, role = "student", group = "students"): string {
  const badge = `{ format: h10304, facility: 2000, number: ${i} }`;
  return `  - id: s-${String(i).padStart(7, "0")}\n    name: Student ${i}\n    role: ${role}\n    access_groups: [${group}]\n    badges:\n      - ${badge}\n`;
}

describe("a people.yaml list read entry by entry", () => {
  it("compiles the demo site to the same model as the whole file checked and compiled as one list", () => {
    const whole: Record<string, unknown> = {};
    for (const name of readdirSync(DEMO).filter((n) => n.endsWith(".yaml"))) {
      Object.assign(whole, parse(readFileSync(join(DEMO, name), "utf8"), PARSE_OPTIONS) as Record<string, unknown>);
    }
    // As the loader did before: every section checked whole, the cardholders compiled from the checked list.
    const checked = checkSections(whole, () => ({ file: "demo", line: 1, col: 1 }), false);
    expect(checked.problems).toEqual([]);
    expect(checked.config.cardholders.length).toBeGreaterThan(0);
    const before = compileSite(checked.config, loadCatalog().catalog, DEMO, []);
    const result = loadSite({ configDir: DEMO });
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const after = result.model;
    expect(after.configHash).toBe(before.configHash);
    expect([...after.core.credentials.records()]).toEqual([...before.core.credentials.records()]);
    expect(after.core.profileGroups).toEqual(before.core.profileGroups);
    expect([...after.core.accessGroups.keys()]).toEqual([...before.core.accessGroups.keys()]);
  });

  it("keeps the demo's cardholders as a list read only when asked, with the same entries", () => {
    const { file } = readYamlFile(join(DEMO, "people.yaml"));
    const value = file?.value as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(value, "cardholders")?.get).toBeTypeOf("function");
    const whole = parse(readFileSync(join(DEMO, "people.yaml"), "utf8"), PARSE_OPTIONS) as Record<string, unknown>;
    expect(value["cardholders"]).toEqual(whole["cardholders"]);
    expect(value["access_groups"]).toEqual(whole["access_groups"]);
  });

  it("names the file, line and field of bad entries deep in a list of 20,000", () => {
    const dir = tempDir();
    cpSync(DEMO, dir, { recursive: true });
    const head = readFileSync(join(dir, "people.yaml"), "utf8");
    const demoHolders = (parse(head, PARSE_OPTIONS) as { cardholders: unknown[] }).cardholders.length;
    const headLines = head.split("\n").length - 1;
    const bad = { role: 12_345, group: 17_001, twice: 19_990 };
    const entries: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      if (i === bad.role) entries.push(student(i, "stuent"));
      else if (i === bad.group) entries.push(student(i, "student", "studnets"));
      else if (i === bad.twice) entries.push(student(i).replace("    role: student\n", "    role: student\n    role: staff\n"));
      else entries.push(student(i));
    }
    writeFileSync(join(dir, "people.yaml"), head + entries.join(""));
    const result = loadSite({ configDir: dir });
    if (result.ok) throw new Error("expected problems, the site loaded");
    const line = (i: number, offset: number): number => headLines + 6 * i + offset;
    expect(result.problems.map(formatProblem)).toEqual([
      `${join(dir, "people.yaml")}:${line(bad.role, 3)}:5: cardholders.${demoHolders + bad.role}.role: expected one of "student"|"staff"|"admin"|"security"|"responder"|"visitor"|"contractor", got "stuent" (did you mean "student"?)`,
      `${join(dir, "people.yaml")}:${line(bad.group, 4)}:21: cardholders.${demoHolders + bad.group}.access_groups.0: no access group "studnets" (did you mean "students"?)`,
      `${join(dir, "people.yaml")}:${line(bad.twice, 4)}:5: cardholders.${demoHolders + bad.twice}.role: duplicate key, first defined at line ${line(bad.twice, 3)}`,
    ]);
  });
});

describe("textPieces", () => {
  it("gives the text readTextFile gives, in whole lines, with characters split across reads", () => {
    const path = join(tempDir(), "text.yaml");
    writeFileSync(path, "\ufeffname: Zoë\r\nnote: 😀 a long line of text\nlast: no newline é");
    const pieces = [...textPieces(path, 3)];
    const read = readTextFile(path, "text.yaml");
    expect("text" in read && read.text).toBe(pieces.join(""));
    expect(pieces.slice(0, -1).every((p) => p.endsWith("\n"))).toBe(true);
  });
});
